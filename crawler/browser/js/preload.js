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
  // Transient content: text that appears after load (or after a key press or click) and goes away again, like
  // an alert shown for 2 s. Unlike the change log this goes on after input (messages shown on focus). Each
  // entry: when it was shown (ms after load) and for how long (null while still shown); see __gaChecks.transient.
  const shownNow = (el) => {
    if (!el.isConnected || (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && ((el.innerText || '').trim().length > 1);
  };
  ga.transient = [];
  const pending = new Set(), showing = new Map();
  let sweep = null;
  const check = () => {
    if (sweep !== null) native.clearTimeout.call(window, sweep);  // one sweep chain, however it was called
    sweep = null;
    const t = now();
    for (const el of pending) {
      if (showing.has(el) || !shownNow(el)) continue;
      let inner = false;  // the outermost element that appeared is the message
      for (const o of showing.keys()) if (o.contains(el)) { inner = true; break; }
      if (inner || ga.transient.length >= 20) continue;
      const c = window.__gaChecks;
      const entry = {selector: c ? c.selector(el) : el.localName, snippet: c ? c.snippet(el) : null,
        text: (el.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 200),
        role: el.getAttribute('role') || el.getAttribute('aria-live') || null,
        shown_at: t, hidden_at: null, after_input: ga.firstInput !== null, el};
      ga.transient.push(entry);
      showing.set(el, entry);
    }
    pending.clear();
    for (const [el, entry] of showing) if (!shownNow(el)) { entry.hidden_at = t; showing.delete(el); }
    if (showing.size && sweep === null) sweep = native.setTimeout.call(window, check, 200);
  };
  ga.transientSweep = check;  // a reader first takes in what appeared since the last sweep
  new MutationObserver((records) => {
    // Our own viewport changes are not content; once input has begun (the tab walk), what follows is recorded.
    if (ga.loadAt === null || ga.quiet || (now() < (ga.quietUntil || 0) && ga.firstInput === null)) return;
    for (const r of records) {
      if (pending.size > 100) break;
      const el = r.type === 'childList' ? null : r.target;
      if (el && el.nodeType === 1 && el !== document.body && el !== document.documentElement) pending.add(el);
      for (const n of r.addedNodes || []) if (n.nodeType === 1) pending.add(n);
    }
    if (pending.size && sweep === null) sweep = native.setTimeout.call(window, check, 50);
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden']});
  // What could still change the page by itself: pending timers (with when they are due), animation-frame loops
  // and network requests in flight. A page with none of these cannot move any more, so its motion window can
  // end early (see __gaChecks.settled); a page with any of them is watched for the whole window.
  const timers = (ga.timers = new Map());
  ga.net = 0;
  ga.rafAt = null;
  // When the page last put work off for later (a short timer, an animation frame, an idle callback, a posted
  // message): the batched tab walk needs to know whether a focus handler left something still to run.
  ga.deferredAt = -1;
  ga.timerAt = -1;  // when the page last set a timer of any length (interaction.js reactQuiet)
  const deferred = () => { ga.deferredAt = now(); };
  // Our own scripts schedule with the originals, so that only the page's own work is counted.
  const native = (ga.native = {setTimeout, setInterval, clearTimeout, clearInterval,
                               raf: window.requestAnimationFrame});
  try {
    window.setTimeout = function (handler, delay, ...rest) {
      // A function handler tells us when it has run; a string handler is taken as run once it is due.
      let id = null;
      const fn = typeof handler !== 'function' ? handler
        : function (...args) { timers.delete(id); return handler.apply(this, args); };
      id = native.setTimeout.call(window, fn, delay, ...rest);
      if (timers.size > 2000) for (const [k, v] of timers) if (!v.period && v.due < now()) timers.delete(k);
      timers.set(id, {due: now() + (Number(delay) || 0), period: 0, code: typeof handler !== 'function'});
      ga.timerAt = now();
      if ((Number(delay) || 0) <= 100) deferred();
      return id;
    };
    window.setInterval = function (handler, delay, ...rest) {
      const id = native.setInterval.call(window, handler, delay, ...rest);
      timers.set(id, {due: now() + Math.max(Number(delay) || 0, 4), period: Math.max(Number(delay) || 0, 4)});
      ga.timerAt = now();
      return id;
    };
    window.clearTimeout = function (id) { timers.delete(id); return native.clearTimeout.call(window, id); };
    window.clearInterval = function (id) { timers.delete(id); return native.clearInterval.call(window, id); };
    if (native.raf) {
      window.requestAnimationFrame = function (cb) {
        ga.rafAt = now();
        deferred();
        return native.raf.call(window, cb);
      };
    }
    if (window.requestIdleCallback) {
      const idle0 = window.requestIdleCallback;
      window.requestIdleCallback = function (...args) { deferred(); return idle0.apply(window, args); };
    }
    const post0 = window.postMessage;
    window.postMessage = function (...args) { deferred(); return post0.apply(this, args); };
    const portPost0 = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (...args) { deferred(); return portPost0.apply(this, args); };
    if (window.scheduler && window.scheduler.postTask) {
      const task0 = window.scheduler.postTask;
      window.scheduler.postTask = function (...args) { deferred(); return task0.apply(this, args); };
    }
    if (window.fetch) {
      const fetch0 = window.fetch;
      window.fetch = function (...args) {
        ga.net++;
        ga.netAt = now();
        const p = fetch0.apply(this, args);
        const done = () => { ga.net--; ga.netAt = now(); };
        p.then(done, done);
        return p;
      };
    }
    for (const name of ['WebSocket', 'EventSource']) {
      if (window[name]) {
        window[name] = new Proxy(window[name], {construct(target, args, newTarget) {
          ga.streams = (ga.streams || 0) + 1;
          return Reflect.construct(target, args, newTarget);
        }});
      }
    }
    const send0 = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (...args) {
      ga.net++;
      ga.netAt = now();
      this.addEventListener('loadend', () => { ga.net--; ga.netAt = now(); }, {once: true});
      return send0.apply(this, args);
    };
  } catch (err) { /* frozen globals: such a page is never taken as settled (ga.net stays undefined) */
    ga.net = undefined;
  }
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
      const n = ga.native || window;  // our own sampling timer is not the page's
      const timer = n.setInterval.call(window, () => {
        if (!m.isConnected || level.samples > 100) { n.clearInterval.call(window, timer); return; }
        if (m.paused) return;
        analyser.getFloatTimeDomainData(buf);
        for (const v of buf) level.peak = Math.max(level.peak, Math.abs(v));
        level.samples++;
      }, 100);
    } catch (err) { /* no Web Audio, or the element is already routed elsewhere */ }
  }, true);
})();
