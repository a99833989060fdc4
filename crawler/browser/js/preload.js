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
  const markInput = (e) => { if (e.isTrusted && ga.firstInput === null) ga.firstInput = now(); };
  for (const t of ['keydown', 'mousedown', 'pointerdown', 'touchstart', 'wheel']) addEventListener(t, markInput, true);
  addEventListener('load', () => { ga.loadAt = now(); });
  // Element-level change log: which elements changed, and when (ms since navigation start).
  const watch = () => {
    const seen = new Map();
    ga.changed = seen;
    new MutationObserver((records) => {
      const t = now();
      if (ga.firstInput !== null) return;
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
})();
