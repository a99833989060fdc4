// Installed before any page script (CDP Page.addScriptToEvaluateOnNewDocument).
// Why: dialogs must never block the audit, script errors are findings, and automatic
// movement can only be told apart from user-caused change if we watch from the start.
(() => {
  if (window.__ga) return;
  const ga = (window.__ga = {errors: [], dialogs: [], changes: [], firstInput: null, loadAt: null});
  const now = () => performance.now();
  addEventListener('error', (e) => {
    if (e instanceof ErrorEvent && ga.errors.length < 20) {
      ga.errors.push(String(e.message || 'script error').slice(0, 300));
    }
  }, true);
  addEventListener('unhandledrejection', (e) => {
    if (ga.errors.length < 20) ga.errors.push('unhandled rejection: ' + String(e.reason).slice(0, 280));
  });
  const answer = {alert: undefined, confirm: false, prompt: null};
  for (const kind of Object.keys(answer)) {
    try {
      window[kind] = function (message) {
        if (ga.dialogs.length < 20) ga.dialogs.push({kind, message: String(message ?? '').slice(0, 300)});
        return answer[kind];
      };
    } catch (err) { /* frozen window props: the driver's prompt handler is the backstop */ }
  }
  window.print = () => {};
  // "Leave this page?" prompts would block the next navigation of a reused tab.
  try {
    Object.defineProperty(window, 'onbeforeunload', {configurable: true, get: () => null, set: () => {}});
  } catch (err) { /* not configurable here */ }
  addEventListener('beforeunload', (e) => e.stopImmediatePropagation(), true);
  const markInput = (e) => { if (e.isTrusted && ga.firstInput === null) ga.firstInput = now(); };
  for (const t of ['keydown', 'mousedown', 'pointerdown', 'touchstart', 'wheel']) addEventListener(t, markInput, true);
  addEventListener('load', () => { ga.loadAt = now(); });
  // Element-level change log: which elements changed, and when (ms since navigation start).
  const watch = () => {
    const seen = new Map();
    ga.changed = seen;
    new MutationObserver((records) => {
      const t = now();
      // Input ends the watch; our own viewport changes (zoom check, mobile screenshot) are not "automatic".
      if (ga.firstInput !== null || ga.quiet || t < (ga.quietUntil || 0)) return;
      for (const r of records) {
        let el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (!el || el === document.documentElement || el === document.body) continue;
        let times = seen.get(el);
        if (!times) { if (seen.size > 2000) continue; times = []; seen.set(el, times); }
        if (times.length < 50 && (times.length === 0 || t - times[times.length - 1] > 200)) times.push(t);
      }
    }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                          attributeFilter: ['class', 'style', 'src', 'aria-hidden', 'hidden']});
  };
  watch();  // observing `document` works before <html> exists
  // Peak audio level of every same-origin media element that starts playing: a video with a silent sound
  // track is not "sound" (decoded audio bytes alone cannot tell). Cross-origin media would read as silence
  // (CORS), so it is left unmeasured.
  addEventListener('play', (e) => {
    const m = e.target;
    if (!(m instanceof HTMLMediaElement) || m.__gaLevel || ga.firstInput !== null) return;
    try {
      const src = m.currentSrc || m.src || '';
      if (src && new URL(src, location.href).origin !== location.origin) return;
      ga.audio = ga.audio || new (window.AudioContext || window.webkitAudioContext)();
      if (ga.audio.state !== 'running') return;
      const source = ga.audio.createMediaElementSource(m);
      const analyser = ga.audio.createAnalyser();
      analyser.fftSize = 2048;
      source.connect(analyser);
      analyser.connect(ga.audio.destination);
      const buf = new Float32Array(analyser.fftSize);
      const level = (m.__gaLevel = {peak: 0, samples: 0});
      const timer = setInterval(() => {
        if (!m.isConnected || level.samples > 100) { clearInterval(timer); return; }
        if (m.paused) return;
        analyser.getFloatTimeDomainData(buf);
        for (const v of buf) level.peak = Math.max(level.peak, Math.abs(v));
        level.samples++;
      }, 100);
    } catch (err) { /* no Web Audio, or the element is already routed elsewhere */ }
  }, true);
})();
