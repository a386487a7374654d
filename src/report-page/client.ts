/**
 * The page's own script, run in the browser (kept as text: this module is
 * Node code and loads no browser library). For each session it creates an
 * asciinema player on the inlined recording, with the test's actions as
 * markers on the player's timeline; the list of actions beside it seeks
 * the player to an action's moment, and the speed menu re-creates the
 * player at the new speed where it was.
 */
export const CLIENT_SCRIPT = String.raw`
(() => {
  const data = JSON.parse(document.getElementById('tmuxpect-data').textContent)
  const players = {}
  window.tmuxpectPlayers = players
  for (const session of data.sessions) setUp(session)

  function setUp(session) {
    const root = document.getElementById(session.id)
    const box = root.querySelector('.tp-player')
    const speedMenu = root.querySelector('.tp-speed')
    const actions = [...root.querySelectorAll('.tp-action')]
    const markers = session.actions.map((action) => [action.at / 1000, action.what])
    const state = { player: undefined, speed: 1 }
    players[session.id] = state

    const create = (startAt, autoPlay) => {
      if (state.player) state.player.dispose()
      state.player = AsciinemaPlayer.create({ data: session.cast }, box, {
        speed: state.speed,
        markers,
        startAt,
        autoPlay,
        preload: true,
        controls: true,
        fit: false,
        theme: 'asciinema',
        terminalFontSize: '14px',
        terminalFontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      })
      state.player.addEventListener('marker', ({ index }) => mark(index))
      return state.player
    }

    const mark = (index) => {
      actions.forEach((button, i) => button.classList.toggle('tp-current', i === index))
    }

    create(0, false)

    speedMenu.addEventListener('change', async () => {
      const at = state.player.getCurrentTime() || 0
      const playing = root.dataset.playing === 'true'
      state.speed = Number(speedMenu.value)
      create(at, playing)
      bindPlaying()
    })

    const bindPlaying = () => {
      state.player.addEventListener('playing', () => { root.dataset.playing = 'true' })
      state.player.addEventListener('pause', () => { root.dataset.playing = 'false' })
      state.player.addEventListener('ended', () => { root.dataset.playing = 'false' })
    }
    bindPlaying()

    actions.forEach((button, index) => {
      button.addEventListener('click', async () => {
        await state.player.pause()
        await state.player.seek(Number(button.dataset.at) / 1000)
        mark(index)
        root.dataset.seeked = button.dataset.at
      })
    })
  }
})()
`
