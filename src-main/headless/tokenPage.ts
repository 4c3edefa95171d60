/**
 * What a browser without the token gets instead of the app: static, no script (nothing of the app
 * runs before the token is shown), and the same words the app uses when its token goes stale.
 */
export const tokenRequiredPage = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ingot: access token needed</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#8882;padding:0 .2em}</style>
<h1>This page needs the node's access token</h1>
<p>Open the address the headless node printed when it started (it ends in <code>/?token=…</code>).
The token is also in the file <code>headless-token</code> in the node's data directory.</p>
</html>
`
