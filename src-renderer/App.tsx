import { useEffect } from 'react'
import { inDesktop } from './bridge'
import { AppFrame } from './components/AppFrame'
import { useTheme } from './components/useTheme'
import { Earnings } from './pages/Earnings'
import { Hardware } from './pages/Hardware'
import { Jobs } from './pages/Jobs'
import { Logs } from './pages/Logs'
import { Market } from './pages/Market'
import { Onboarding } from './pages/Onboarding'
import { Overview } from './pages/Overview'
import { Settings } from './pages/Settings'
import { Sla } from './pages/Sla'
import { useNodeStore } from './stores/nodeStore'
import { useOnboardingStore } from './stores/onboardingStore'
import { useRoute, type PageId } from './stores/routeStore'
import { useSettingsStore } from './stores/settingsStore'

const pageComponents: Record<PageId, () => React.JSX.Element> = {
  overview: Overview,
  hardware: Hardware,
  jobs: Jobs,
  earnings: Earnings,
  sla: Sla,
  market: Market,
  settings: Settings,
  logs: Logs
}

function Blocked({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="blocked">
      <h1>{title}</h1>
      {children}
    </main>
  )
}

export function App() {
  const { connection, error, load } = useNodeStore()
  const theme = useSettingsStore((s) => s.settings?.theme)
  const loadSettings = useSettingsStore((s) => s.load)
  const page = useRoute((s) => s.page)
  const onboarding = useOnboardingStore((s) => s.state)
  const checkOnboarding = useOnboardingStore((s) => s.check)
  useTheme(theme)

  useEffect(() => {
    void load()
    void loadSettings()
  }, [load, loadSettings])
  // The first-start setup, once the node answers: shown until it has a benchmark or the owner chose.
  useEffect(() => {
    if (connection === 'ready') void checkOnboarding()
  }, [connection, checkOnboarding])

  if (connection === 'connecting') return <Blocked title="Connecting to the Ingot node…">{null}</Blocked>
  if (connection === 'unauthorized') {
    return (
      <Blocked title="This page needs the node's access token">
        <p>Open the address the headless node printed when it started (it ends in <code>/?token=…</code>). The token is also in the file <code>headless-token</code> in the node's data directory.</p>
      </Blocked>
    )
  }
  if (connection === 'unreachable') {
    return (
      <Blocked title="The Ingot node is not reachable">
        <p>{error}</p>
        {!inDesktop && <p>Start it with <code>npm run headless</code>, then reload this page.</p>}
        <button type="button" onClick={() => void load()}>
          Try again
        </button>
      </Blocked>
    )
  }
  if (onboarding === 'unknown') return <Blocked title="Connecting to the Ingot node…">{null}</Blocked>
  if (onboarding === 'shown') return <Onboarding />
  const Page = pageComponents[page]
  return (
    <AppFrame>
      <Page />
    </AppFrame>
  )
}
