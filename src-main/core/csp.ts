const directives = [
  "default-src 'self'",
  "script-src 'self'",
  // React sets style attributes; no inline <style> or scripts are served.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
]

/** The renderer's Content-Security-Policy, sent as a header by the headless node and the Electron session. */
export const contentSecurityPolicy = directives.join('; ')

/** The same policy for a <meta> tag (a page opened without the shell's headers still gets it); frame-ancestors only works as a header. */
export const metaContentSecurityPolicy = directives.filter((d) => !d.startsWith('frame-ancestors')).join('; ')
