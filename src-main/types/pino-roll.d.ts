// pino-roll ships no types; this covers the one call the core makes.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino'
  interface PinoRollOptions {
    file: string | (() => string)
    size?: string | number
    frequency?: 'daily' | 'hourly' | number
    mkdir?: boolean
    sync?: boolean
    limit?: { count: number }
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<DestinationStream & { flushSync?: () => void; end?: () => void }>
}
