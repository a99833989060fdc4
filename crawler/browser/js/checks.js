// Page-side measurements for the scripted accessibility checks (a4.3.x). Injected with
// execute_script; defines window.__gaChecks once. Every function returns plain JSON.
(() => {
  if (window.__gaChecks) return;
  const ga = (window.__ga = window.__ga || {errors: [], dialogs: [], firstInput: null});
  const SNIP = 240;

  const cssEscape = (s) => (window.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, '\\$&'));
  function selector(el) {
    if (!el || el.nodeType !== 1) return null;
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 6; e = e.parentElement) {
      if (e.id && /^[A-Za-z][\w-]*$/.test(e.id)) { parts.unshift('#' + cssEscape(e.id)); break; }
      let part = e.localName;
      const parent = e.parentElement;
      if (parent) {
        const same = Array.from(parent.children).filter((c) => c.localName === e.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      }
      parts.unshift(part);
      if (e.localName === 'body') break;
    }
    return parts.join(' > ');
  }
  function snippet(el) {
    if (!el || !el.outerHTML) return null;
    const html = el.outerHTML.replace(/\s+/g, ' ');
    return html.length > SNIP ? html.slice(0, SNIP) + '…' : html;
  }
  const text = (el) => ((el && (el.innerText || el.textContent)) || '').replace(/\s+/g, ' ').trim();
  function label(el) {
    const parts = [text(el), el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('alt'),
      el.getAttribute('value')];
    const img = el.querySelector && el.querySelector('img[alt]');
    if (img) parts.push(img.getAttribute('alt'));
    return parts.filter(Boolean).join(' ').slice(0, 200);
  }
  function visible(el) {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: false, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  // --- sequential focus order ------------------------------------------------------------
  const FOCUSABLE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, ' +
    'summary, audio[controls], video[controls], [tabindex], [contenteditable=""], [contenteditable=true]';
  function tabbables() {
    const els = Array.from(document.querySelectorAll(FOCUSABLE)).filter((el) => {
      if (el.disabled || el.inert || el.closest('[inert]')) return false;
      const ti = el.getAttribute('tabindex');
      if (ti !== null && parseInt(ti, 10) < 0) return false;
      if (el.localName === 'summary' && el.parentElement.localName !== 'details') return false;
      return visible(el);
    });
    const pos = els.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
    return pos.concat(els.filter((el) => el.tabIndex <= 0));
  }
  // Only what can be seen: outline parts without an outline, border colours without a border etc. are ignored
  // (Chromium changes outline-offset on :focus-visible even when the outline is switched off).
  function styleKey(el, pseudo) {
    const cs = getComputedStyle(el, pseudo);
    const g = (p) => cs.getPropertyValue(p);
    const parts = [];
    if (g('outline-style') !== 'none' && parseFloat(g('outline-width')) > 0) {
      parts.push('o', g('outline-style'), g('outline-width'), g('outline-color'), g('outline-offset'));
    }
    for (const side of ['top', 'right', 'bottom', 'left']) {
      if (g(`border-${side}-style`) !== 'none' && parseFloat(g(`border-${side}-width`)) > 0) {
        parts.push('b' + side, g(`border-${side}-style`), g(`border-${side}-width`), g(`border-${side}-color`));
      }
    }
    if (g('text-decoration-line') !== 'none') parts.push('td', g('text-decoration-line'), g('text-decoration-color'));
    for (const p of ['box-shadow', 'background-color', 'background-image', 'color', 'font-weight', 'transform',
      'opacity', 'filter', 'text-shadow']) parts.push(g(p));
    if (pseudo) parts.push(cs.content);
    return parts.join('|');
  }
  function focusStyle(el) {
    // The element itself, its pseudo-elements, its parent (focus-within) and first child.
    const keys = [styleKey(el), styleKey(el, '::before'), styleKey(el, '::after')];
    if (el.parentElement) keys.push(styleKey(el.parentElement));
    if (el.firstElementChild) keys.push(styleKey(el.firstElementChild));
    const r = el.getBoundingClientRect();
    keys.push([Math.round(r.width), Math.round(r.height)].join('x'));
    return keys.join('#');
  }
  function ringInfo(el) {
    const cs = getComputedStyle(el);
    return {outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, box_shadow: cs.boxShadow};
  }
  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  window.__gaChecks = {
    selector, snippet,

    prepareWalk(maxKeep) {
      // Record how every tab stop looks unfocused, with nothing focused and the next Tab starting from the top:
      // a blur alone leaves Chromium's sequential-navigation starting point where focus was.
      ga.tabLog = null;  // a walk press by press is not recorded (see tabLog)
      if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
      const root = document.body || document.documentElement;
      const mark = document.createElement('span');
      mark.tabIndex = -1;
      root.prepend(mark);
      mark.focus({preventScroll: true});
      mark.blur();
      mark.remove();
      window.scrollTo(0, 0);
      const list = tabbables();
      ga.tab = {list, index: new Map(list.map((el, i) => [el, i])), plain: list.slice(0, maxKeep).map(focusStyle),
        elsewhere: 0};
      // A focus indicator may be drawn on another element (a class toggled by a focus handler).
      if (ga.tabObserver) ga.tabObserver.disconnect();
      ga.tabObserver = new MutationObserver((records) => {
        for (const r of records) if (r.target.nodeType === 1 && visible(r.target)) ga.tab.elsewhere++;
      });
      ga.tabObserver.observe(document.body || document.documentElement,
        {subtree: true, attributes: true, attributeFilter: ['class', 'style']});
      return list.length;
    },

    focusState() {
      const el = deepActive();
      if (!el || el === document.body || el === document.documentElement) return {key: 'body'};
      const idx = ga.tab ? ga.tab.index.get(el) : undefined;
      const out = {key: idx === undefined ? 'x:' + selector(el) : 'i' + idx, idx: idx ?? null,
        selector: selector(el), tag: el.localName, snippet: snippet(el), iframe: el.localName === 'iframe'};
      // Elements with tab stops of their own inside (frames, media controls, date fields) may keep the Tab
      // keydowns that move focus among those stops from reaching this document.
      out.opaque = out.iframe || (/^(audio|video)$/.test(el.localName) && el.controls) ||
        (el.localName === 'input' && /^(date|time|datetime-local|month|week|file)$/.test(el.type));
      const elsewhere = ga.tab ? ga.tab.elsewhere : 0;
      if (ga.tab) ga.tab.elsewhere = 0;
      if (idx !== undefined && idx < ga.tab.plain.length) {
        // A focus style that fades in is a CSS transition that has only just started when read.
        const fading = (e, subtree) => !!e && !!e.getAnimations && typeof CSSTransition !== 'undefined' &&
          e.getAnimations({subtree}).some((a) => a instanceof CSSTransition && a.playState === 'running');
        out.changed = focusStyle(el) !== ga.tab.plain[idx] || elsewhere > 0 || fading(el, true) ||
          fading(el.parentElement, false);
        out.changed_elsewhere = elsewhere > 0;
        Object.assign(out, ringInfo(el));
      }
      return out;
    },

    // Batched tab walk: while on, every trusted Tab keydown first records where focus is (the state the
    // previous press left) and whether handling that press put work off for later (a timer, an animation
    // frame, a posted message: see preload.js), which could still move focus or restyle it. Off returns the
    // records and the current state.
    tabLog(on) {
      const record = () => {
        const state = window.__gaChecks.focusState();
        state.deferred = window.__gaChecks.deferredSince(ga.tabLogAt);
        ga.tabLogAt = performance.now();
        return state;
      };
      if (on) {
        ga.tabLog = [];
        ga.tabLogAt = performance.now();
        if (!ga.tabLogListener) {
          ga.tabLogListener = (e) => {
            if (ga.tabLog && e.isTrusted && e.key === 'Tab' && ga.tabLog.length < 500) ga.tabLog.push(record());
          };
          addEventListener('keydown', ga.tabLogListener, true);
        }
        return true;
      }
      const log = ga.tabLog || [];
      ga.tabLog = null;
      log.push(record());
      return log;
    },

    // Whether the page put work off for later (timer, frame, message) since `since` (performance.now() ms).
    deferredSince(since) {
      return ga.deferredAt === undefined || ga.deferredAt >= since;
    },

    focusIndex(i) {
      const el = (ga.tab ? ga.tab.list : tabbables())[i];
      if (!el) return false;
      el.focus();
      return deepActive() === el;
    },

    tabbableAfter(target) {
      return tabbables().some((el) => target.contains(el) ||
        (target.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
    },

    unreached(visited, limit) {
      const seen = new Set(visited);
      return (ga.tab ? ga.tab.list : []).map((el, i) => [el, i]).filter(([, i]) => !seen.has(i))
        .slice(0, limit).map(([el]) => ({selector: selector(el), snippet: snippet(el)}));
    },

    // --- static facts about the page ------------------------------------------------------
    facts() {
      const meta = document.querySelector('meta[name="viewport" i]');
      const list = tabbables();
      const first = list.slice(0, 3).map((el, i) => {
        const href = el.localName === 'a' ? el.getAttribute('href') || '' : '';
        let target = null;
        if (href.startsWith('#') && href.length > 1) {
          const id = decodeURIComponent(href.slice(1));
          target = document.getElementById(id) || document.getElementsByName(id)[0] || null;
        }
        return {position: i, selector: selector(el), snippet: snippet(el), text: label(el), href,
          target_selector: target ? selector(target) : null, target_exists: !!target};
      });
      const sh = document.documentElement.scrollHeight;
      // Mouse-only suspects: pointer cursor on something that is not focusable and has no focusable inside.
      const suspects = [];
      let scanned = 0;
      for (const el of document.querySelectorAll('[onclick], div, span, li, img')) {
        if (suspects.length >= 10 || ++scanned > 5000) break;  // huge pages: a sample is enough
        if (el.matches(FOCUSABLE) || el.closest('a[href], button, label, summary, [tabindex]')) continue;
        if (!el.hasAttribute('onclick') && getComputedStyle(el).cursor !== 'pointer') continue;
        if (el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer' &&
            !el.hasAttribute('onclick')) continue;
        if (el.querySelector(FOCUSABLE) || !visible(el)) continue;
        suspects.push({selector: selector(el), snippet: snippet(el)});
      }
      return {
        title: document.title, lang: document.documentElement.getAttribute('lang'),
        element_count: document.getElementsByTagName('*').length,
        meta_viewport: meta ? meta.getAttribute('content') : null,
        tabbable_count: list.length, first_tab_stops: first,
        page_height: sh, viewport_height: window.innerHeight,
        text_length: text(document.body).length,
        mouse_only_suspects: suspects,
        script_errors: ga.errors.slice(), dialogs: ga.dialogs.slice(),
      };
    },

    toTopCandidates() {
      const re = /(to[-_ ]?top|back[-_ ]?to[-_ ]?top|scroll[-_ ]?(to[-_ ]?)?top|go[-_ ]?top|gotop|totop|наверх|вверх|в начало|жоғары|жоғарыға|басына|up\b|↑|⬆|▲)/i;
      const out = [];
      for (const el of document.querySelectorAll('a, button, [role=button], [onclick], div[class*=top i], span[class*=top i]')) {
        const href = el.getAttribute('href') || '';
        const hay = [label(el), el.id, typeof el.className === 'string' ? el.className : '', href].join(' ');
        const topHref = /^#(top|header|page|wrapper|main-top|start|up|body)?$/i.test(href);
        if (!(re.test(hay) || (topHref && el.localName === 'a' && re.test(hay + ' top')))) continue;
        out.push(el);
        if (out.length >= 8) break;
      }
      ga.toTop = out;
      return out.map((el) => ({selector: selector(el), snippet: snippet(el), text: label(el)}));
    },

    toTopTry(i) {
      const el = ga.toTop && ga.toTop[i];
      if (!el) return null;
      return {visible: visible(el), before: window.scrollY, click: (el.click(), true)};
    },

    // --- motion: media, animations, carousels -----------------------------------------------
    motion() {
      const pauseRe = /(pause|stop|mute|hide|пауза|стоп|останов|приостанов|скрыть|выключить звук|без звука|тоқтат|кідірт|жасыр|дыбыс)/i;
      const controlsNear = (el) => {
        for (let c = el.parentElement, n = 0; c && n < 4; c = c.parentElement, n++) {
          for (const b of c.querySelectorAll('button, [role=button], a, input[type=button], input[type=checkbox]')) {
            // A control must have a name people (and screen readers) can find: a bare icon with only a class
            // name, or one hidden from assistive technology, does not count.
            const name = label(b);
            const hay = [name, typeof b.className === 'string' ? b.className : '', b.id].join(' ');
            if (pauseRe.test(hay) && name && !b.closest('[aria-hidden=true]') && visible(b)) {
              return {selector: selector(b), text: label(b)};
            }
          }
        }
        return null;
      };
      const media = Array.from(document.querySelectorAll('audio, video')).map((m) => ({
        selector: selector(m), snippet: snippet(m), tag: m.localName, autoplay: m.autoplay,
        paused: m.paused, current_time: m.currentTime, duration: isFinite(m.duration) ? m.duration : null,
        stream: m.duration === Infinity,
        loop: m.loop, muted: m.muted || m.volume === 0, controls: m.controls, visible: visible(m),
        audio_bytes: m.webkitAudioDecodedByteCount ?? null,
        audio_peak: m.__gaLevel && m.__gaLevel.samples > 2 ? Math.round(m.__gaLevel.peak * 1000) / 1000 : null, ready_state: m.readyState, ended: m.ended,
        played_s: Array.from({length: m.played.length}, (_, i) => m.played.end(i) - m.played.start(i))
          .reduce((a, b) => a + b, 0),
        control: m.controls ? null : controlsNear(m),
      }));
      const animations = [];
      const seen = new Set();
      for (const a of (document.getAnimations ? document.getAnimations() : [])) {
        if (animations.length >= 20) break;
        const el = a.effect && a.effect.target;
        if (!el || seen.has(el) || a.playState !== 'running' || !visible(el)) continue;
        const t = a.effect.getComputedTiming();
        const total = t.iterations === Infinity ? Infinity : (t.activeDuration || 0) + (t.delay || 0);
        if (total !== Infinity && total <= 3000) continue;
        const r = el.getBoundingClientRect();
        if (r.width * r.height < 64) continue;
        seen.add(el);
        animations.push({selector: selector(el), snippet: snippet(el), name: a.animationName || a.id || a.constructor.name,
          infinite: t.iterations === Infinity, total_ms: total === Infinity ? null : total,
          size: [Math.round(r.width), Math.round(r.height)], control: controlsNear(el)});
      }
      for (const el of document.querySelectorAll('marquee, blink')) {
        if (animations.length >= 25) break;
        animations.push({selector: selector(el), snippet: snippet(el), name: el.localName, infinite: true,
          total_ms: null, size: null, control: controlsNear(el)});
      }
      // Elements that changed at least twice, >= 1 s apart, after load and before any user input.
      const changing = [];
      const loadAt = ga.loadAt ?? 0;
      for (const [el, times] of (ga.changed || new Map())) {
        const after = times.filter((t) => t > loadAt + 300);
        if (after.length < 2 || after[after.length - 1] - after[0] < 1000 || !el.isConnected || !visible(el)) continue;
        if (Array.from(document.querySelectorAll('audio, video')).some((m) => el.contains(m) || m.contains(el))) continue;
        changing.push([el, after]);
      }
      // Keep outermost changing elements only.
      const outer = changing.filter(([el]) => !changing.some(([o]) => o !== el && o.contains(el)));
      const changes = outer.slice(0, 10).map(([el, t]) => ({selector: selector(el), snippet: snippet(el),
        changes: t.length, span_ms: Math.round(t[t.length - 1] - t[0]), control: controlsNear(el)}));
      const carousels = Array.from(document.querySelectorAll(
        '.swiper, .swiper-container, .slick-slider, .owl-carousel, .carousel, .splide, .glide, ' +
        '[data-ride=carousel], [data-bs-ride=carousel], [aria-roledescription=carousel]'))
        .filter((el) => visible(el) && !el.parentElement.closest('.swiper, .slick-slider, .owl-carousel, .carousel'))
        .slice(0, 10).map((el) => ({selector: selector(el), snippet: snippet(el), control: controlsNear(el),
          autoplay_hint: /autoplay|data-ride|data-bs-ride|data-interval|data-autoplay/i.test(el.outerHTML.slice(0, 2000))}));
      return {media, animations, changes, carousels,
        observed_ms: Math.round(performance.now() - loadAt), input_at: ga.firstInput};
    },

    // Whether anything could still change the page by itself before `windowMs` after the load event: timers
    // due by then, a requestAnimationFrame loop, requests or streams, media that plays or loads, running
    // animations. With none of these the motion result cannot change any more (js/preload.js keeps the books).
    settled(windowMs) {
      const t = performance.now();
      if (!ga.timers || ga.loadAt === null || ga.loadAt === undefined) return {settled: false, why: ['no load record']};
      const end = ga.loadAt + windowMs;
      const why = [];
      if (ga.net !== 0) why.push(ga.net === undefined ? 'network functions could not be watched' : `${ga.net} request(s) in flight`);
      if (ga.streams) why.push('WebSocket/EventSource open');
      if (ga.rafAt !== null && t - ga.rafAt < 250) why.push('animation-frame loop');
      // An interval repeats for as long as the page is open; a timeout counts if it is due within the window
      // (or just after it: the window's end is not exact).
      let due = 0, repeating = 0;
      for (const v of ga.timers.values()) {
        if (v.period) { repeating++; continue; }
        if (v.code && v.due < t - 50) continue;  // a string handler that is long past due has run
        if (v.due <= end + 500) due++;
      }
      if (repeating) why.push(`${repeating} interval timer(s)`);
      if (due) why.push(`${due} timer(s) due within the window`);
      const media = Array.from(document.querySelectorAll('audio, video'))
        .filter((m) => !m.paused || m.autoplay || m.networkState === HTMLMediaElement.NETWORK_LOADING);
      if (media.length) why.push(`${media.length} media element(s) playing or loading`);
      const running = (document.getAnimations ? document.getAnimations() : []).filter((a) => a.playState === 'running');
      if (running.length) why.push(`${running.length} animation(s) running`);
      return {settled: why.length === 0, why, at_ms: Math.round(t - ga.loadAt)};
    },

    // --- zoom / reflow -------------------------------------------------------------------------
    clipped(mark) {
      // Text elements whose box clips their own content (overflow hidden/clip) at the current zoom.
      const out = [];
      const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_ELEMENT);
      const before = ga.clipBase || new Set();
      if (mark) ga.clipBase = new Set();
      let n = 0;
      for (let el = walker.currentNode; el && n < 20000; el = walker.nextNode(), n++) {
        const cs = getComputedStyle(el);
        const ox = cs.overflowX, oy = cs.overflowY;
        const clipsX = ox === 'hidden' || ox === 'clip', clipsY = oy === 'hidden' || oy === 'clip';
        if (!clipsX && !clipsY) continue;
        if (el === document.body || el === document.documentElement) continue;
        if (el.clientWidth <= 2 || el.clientHeight <= 2 || !text(el)) continue;
        if (cs.position === 'absolute' && (cs.clip !== 'auto' || cs.clipPath !== 'none')) continue;  // sr-only
        const overX = clipsX && el.scrollWidth > el.clientWidth + 2;
        const overY = clipsY && el.scrollHeight > el.clientHeight + 2;
        if (!overX && !overY) continue;
        if (mark) { ga.clipBase.add(el); continue; }
        if (before.has(el)) continue;  // already clipped at 100 %: a design choice, not zoom loss
        out.push({selector: selector(el), snippet: snippet(el),
          measured: `${overX ? `scrollWidth ${el.scrollWidth} > ${el.clientWidth}` : ''}` +
                    `${overX && overY ? ', ' : ''}${overY ? `scrollHeight ${el.scrollHeight} > ${el.clientHeight}` : ''}`});
        if (out.length >= 10) break;
      }
      return out;
    },

    reflow() {
      const de = document.documentElement;
      const body = document.body || de;
      const sw = Math.max(de.scrollWidth, body.scrollWidth);
      const cw = de.clientWidth;
      const hidden = ['hidden', 'clip'].includes(getComputedStyle(de).overflowX) ||
        ['hidden', 'clip'].includes(getComputedStyle(body).overflowX);
      const wide = [];
      if (sw > cw + 2) {
        for (const el of body.querySelectorAll('*')) {
          if (wide.length >= 8) break;
          const r = el.getBoundingClientRect();
          if (r.right > cw + 2 && r.width > 0 && r.height > 0 && getComputedStyle(el).position !== 'fixed' &&
              !(el.parentElement && el.parentElement.getBoundingClientRect().right > cw + 2)) {
            wide.push({selector: selector(el), snippet: snippet(el), measured: `right edge ${Math.round(r.right)} > ${cw}`});
          }
        }
      }
      return {scroll_width: sw, client_width: cw, overflow_x_hidden: hidden, overflowing: wide};
    },

    // --- forms ---------------------------------------------------------------------------------
    formCandidates() {
      const searchy = /(search|query|поиск|іздеу|izdeu|^q$|^s$)/i;
      const fieldsOf = (f) => Array.from(f.querySelectorAll('input, textarea, select')).filter((el) =>
        !['hidden', 'submit', 'button', 'reset', 'image'].includes((el.type || '').toLowerCase()) &&
        !el.disabled && !el.readOnly && visible(el));
      const out = [];
      ga.forms = [];
      for (const f of document.querySelectorAll('form')) {
        const fields = fieldsOf(f);
        if (!fields.length || !visible(f)) continue;
        const isSearch = f.getAttribute('role') === 'search' || f.closest('[role=search]') ||
          (fields.length <= 2 && fields.every((el) => el.type === 'search' ||
            searchy.test([el.name, el.id, typeof el.className === 'string' ? el.className : '', el.placeholder].join(' '))));
        const submit = f.querySelector('button:not([type]), button[type=submit], input[type=submit], input[type=image]') ||
          document.querySelector(`[form="${cssEscape(f.id || '__none__')}"][type=submit]`);
        const constrained = fields.filter((el) => el.required || el.getAttribute('aria-required') === 'true' ||
          ['email', 'url', 'tel', 'number', 'date'].includes(el.type) || el.pattern).length;
        out.push({index: ga.forms.length, selector: selector(f), search: !!isSearch, fields: fields.length,
          constrained, has_submit: !!submit, action: f.getAttribute('action'), method: (f.method || 'get').toLowerCase()});
        ga.forms.push({form: f, fields, submit});
      }
      return out;
    },

    formSubmit(i) {
      const entry = ga.forms && ga.forms[i];
      if (!entry) return null;
      const {form, fields, submit} = entry;
      ga.formMarker = true;
      const before = new Set();
      for (const el of document.querySelectorAll('body *')) if (el.children.length === 0 && visible(el)) before.add(text(el));
      ga.formBefore = before;
      const filled = [];
      for (const el of fields) {
        // An invalid entry: empty for required fields, a malformed value for typed ones.
        const t = (el.type || '').toLowerCase();
        if (['checkbox', 'radio'].includes(t)) { el.checked = false; continue; }
        if (el.localName === 'select') { el.selectedIndex = 0; continue; }
        el.value = ['email', 'url'].includes(t) ? 'invalid' : '';
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
        filled.push({selector: selector(el), name: el.name || el.id || null, type: t, value: el.value});
      }
      if (submit) submit.click(); else if (form.requestSubmit) form.requestSubmit(); else form.submit();
      return {selector: selector(form), fields: filled, submit: submit ? selector(submit) : null};
    },

    formResult(i) {
      if (!ga.formMarker) return {navigated: true};
      const entry = ga.forms[i];
      const out = {navigated: false, native: [], aria_invalid: [], messages: []};
      for (const el of entry.fields) {
        if (el.validationMessage && el.willValidate && !el.validity.valid) {
          out.native.push({selector: selector(el), name: el.name || el.id || null, text: el.validationMessage});
        }
        if (el.getAttribute('aria-invalid') === 'true') {
          const ids = ((el.getAttribute('aria-describedby') || '') + ' ' + (el.getAttribute('aria-errormessage') || ''))
            .trim().split(/\s+/).filter(Boolean);
          const described = ids.map((id) => text(document.getElementById(id))).filter(Boolean).join(' ');
          out.aria_invalid.push({selector: selector(el), name: el.name || el.id || null, described_by: described || null});
        }
      }
      for (const el of document.querySelectorAll('body *')) {
        if (out.messages.length >= 10) break;
        if (el.children.length !== 0 || !visible(el)) continue;
        const t = text(el);
        if (!t || t.length > 300 || ga.formBefore.has(t)) continue;
        out.messages.push({selector: selector(el), text: t.slice(0, 200),
          live: !!el.closest('[role=alert], [aria-live], [role=status]')});
      }
      return out;
    },

    pageText() { return text(document.body).slice(0, 5000); },
  };
})();
