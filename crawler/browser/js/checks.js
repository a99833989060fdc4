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
    // A radio group is one tab stop (arrow keys move inside it): its checked radio, or else its first one.
    const stop = new Map();
    for (const el of els) {
      if (el.localName !== 'input' || el.type !== 'radio' || !el.name) continue;
      const key = el.name + '\u0000' + (el.form ? selector(el.form) : '');
      if (!stop.has(key) || (el.checked && !stop.get(key).checked)) stop.set(key, el);
    }
    const kept = stop.size ? els.filter((el) => el.localName !== 'input' || el.type !== 'radio' || !el.name ||
      stop.get(el.name + '\u0000' + (el.form ? selector(el.form) : '')) === el) : els;
    const pos = kept.filter((el) => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
    return pos.concat(kept.filter((el) => el.tabIndex <= 0));
  }
  function ringInfo(el) {
    const cs = getComputedStyle(el);
    return {outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`, box_shadow: cs.boxShadow};
  }
  // --- focus indicator: is the difference between the unfocused and the focused look perceivable? ----------
  // WCAG 2.4.7 asks for a visible indicator; we measure it as WCAG 2.2 does for focus appearance: a ring
  // (outline, border, box-shadow) at least 2 CSS px thick (dotted/dashed count half) whose colour has >= 3:1
  // contrast against what it covers, or a colour change of the same pixels (text, background, underline) of
  // >= 3:1. A 1 px dotted outline in a near-background colour, or text going from #333 to #444, is a style change
  // but not a perceivable one. Chromium's own ring (outline-style auto) is designed to be seen.
  function rgba(s) {
    const m = /rgba?\(([^)]*)\)/.exec(s || '');
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map((v) => (v.endsWith('%') ? parseFloat(v) / 100 : parseFloat(v)));
    return p.length >= 3 && p.every(Number.isFinite) ? {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1} : null;
  }
  const over = (c, bg) => ({r: c.r * c.a + bg.r * (1 - c.a), g: c.g * c.a + bg.g * (1 - c.a),
    b: c.b * c.a + bg.b * (1 - c.a), a: 1});
  function luminance(c) {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  const ratio = (a, b) => { const x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const rgbText = (c) => `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`;
  const CLEAR = {r: 0, g: 0, b: 0, a: 0};
  function backdrop(el) {
    // The opaque colour behind an element: its own and its ancestors' background colours, over white.
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let c = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) c = over(layers[i], c);
    return c;
  }
  function look(el, pseudo) {
    const cs = getComputedStyle(el, pseudo);
    const g = (p) => cs.getPropertyValue(p);
    const line = (style, width, color) => (style !== 'none' && style !== 'hidden' && parseFloat(width) > 0 ?
      {style, width: parseFloat(width), color} : null);
    const outline = line(g('outline-style'), g('outline-width'), g('outline-color'));
    if (outline) outline.offset = parseFloat(g('outline-offset')) || 0;
    return {outline, borders: ['top', 'right', 'bottom', 'left'].map((s) => line(g(`border-${s}-style`),
      g(`border-${s}-width`), g(`border-${s}-color`))), shadow: g('box-shadow'), bg: g('background-color'),
    image: g('background-image'), color: g('color'),
    deco: g('text-decoration-line') === 'none' ? null : {line: g('text-decoration-line'), color: g('text-decoration-color')},
    content: pseudo ? cs.content : null,
    size: Math.min(parseFloat(g('width')) || 0, parseFloat(g('height')) || 0)};
  }
  const lookOf = (el) => ({self: look(el), before: look(el, '::before'), after: look(el, '::after'),
    parent: el.parentElement ? look(el.parentElement) : null, child: el.firstElementChild ? look(el.firstElementChild) : null});
  function shadows(s) {
    if (!s || s === 'none') return [];
    return s.split(/,(?![^(]*\))/).map((part) => {
      const color = (/rgba?\([^)]*\)/.exec(part) || [null])[0];
      const [x = 0, y = 0, blur = 0, spread = 0] = part.replace(/rgba?\([^)]*\)/, ' ').trim().split(/\s+/)
        .filter((t) => /^-?[\d.]+px$/.test(t)).map(parseFloat);
      return {key: part.trim(), color, inset: /\binset\b/.test(part),
        thickness: Math.max(0, spread) + Math.max(Math.abs(x), Math.abs(y)) + blur / 2};
    }).filter((sh) => sh.color);
  }
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const thick = (style, w) => (/dotted|dashed/.test(style) ? w / 2 : w);
  const fmt = (r) => `${r.toFixed(2)}:1`;
  // The measured changes between two looks of one element (or pseudo-element), each {ok, how}.
  function changes(p, n, host, where) {
    const found = [];
    const own = backdrop(host), behind = host.parentElement ? backdrop(host.parentElement) : own;
    if (n.outline && !same(n.outline, p.outline)) {
      if (n.outline.style === 'auto') {
        found.push({ok: true, how: `${where}browser focus ring (outline auto)`});
      } else {
        const base = n.outline.offset < 0 ? own : behind;
        const was = p.outline && rgba(p.outline.color) ? over(rgba(p.outline.color), base) : base;
        const c = rgba(n.outline.color);
        const w = p.outline && p.outline.color === n.outline.color ? n.outline.width - p.outline.width : n.outline.width;
        const r = c ? ratio(over(c, base), was) : 21;
        found.push({ok: thick(n.outline.style, w) >= 2 && r >= 3,
          how: `${where}outline ${n.outline.style} ${n.outline.width}px ${n.outline.color}: ${fmt(r)} against ${rgbText(was)}`});
      }
    }
    const sides = ['top', 'right', 'bottom', 'left'];
    n.borders.forEach((b, k) => {
      const a = p.borders[k];
      if (!b || same(a, b)) return;
      const was = a && rgba(a.color) ? over(rgba(a.color), own) : own;
      const c = rgba(b.color);
      const r = c ? ratio(over(c, own), was) : 21;
      const w = a && a.color === b.color ? b.width - a.width : b.width;
      found.push({ok: thick(b.style, w) >= 2 && r >= 3,
        how: `${where}border-${sides[k]} ${b.style} ${b.width}px ${b.color}: ${fmt(r)} against ${rgbText(was)}`});
    });
    if (n.shadow !== p.shadow) {
      const old = new Set(shadows(p.shadow).map((sh) => sh.key));
      for (const sh of shadows(n.shadow)) {
        if (old.has(sh.key)) continue;
        const base = sh.inset ? own : behind;
        const c = rgba(sh.color);
        const r = c ? ratio(over(c, base), base) : 21;
        found.push({ok: sh.thickness >= 2 && r >= 3,
          how: `${where}box-shadow ${sh.thickness}px ${sh.color}: ${fmt(r)} against ${rgbText(base)}`});
      }
    }
    if (n.bg !== p.bg) {
      const a = over(rgba(n.bg) || CLEAR, behind), b = over(rgba(p.bg) || CLEAR, behind);
      const r = ratio(a, b);
      found.push({ok: r >= 3, how: `${where}background ${rgbText(b)} -> ${rgbText(a)}: ${fmt(r)}`});
    }
    if (n.image !== p.image) found.push({ok: true, how: `${where}background image changes (not measured)`});
    if (n.color !== p.color && rgba(n.color) && rgba(p.color) && text(host)) {
      const a = over(rgba(n.color), own), b = over(rgba(p.color), own);
      const r = ratio(a, b);
      found.push({ok: r >= 3, how: `${where}text colour ${rgbText(b)} -> ${rgbText(a)}: ${fmt(r)}`});
    }
    if (n.deco && !same(n.deco, p.deco) && rgba(n.deco.color)) {
      // An underline that appears is measured against the background; one that changes colour, against its old one.
      const was = p.deco && p.deco.line === n.deco.line && rgba(p.deco.color) ? over(rgba(p.deco.color), own) : own;
      const r = ratio(over(rgba(n.deco.color), own), was);
      found.push({ok: r >= 3, how: `${where}text decoration ${n.deco.line} ${n.deco.color}: ${fmt(r)} against ${rgbText(was)}`});
    }
    if (n.content !== p.content && n.content && !/^(none|normal)$/.test(n.content)) {
      const bg = rgba(n.bg);
      const r = bg && bg.a > 0 ? ratio(over(bg, own), own) : ratio(over(rgba(n.color) || CLEAR, own), own);
      found.push({ok: r >= 3 && (!(bg && bg.a > 0) || n.size >= 2),
        how: `${where}appears (content ${n.content.slice(0, 20)}): ${fmt(r)} against ${rgbText(own)}`});
    }
    return found;
  }
  function indicator(el, plain) {
    const now = lookOf(el);
    const found = [];
    for (const [k, host, where] of [['self', el, ''], ['before', el, '::before '], ['after', el, '::after '],
      ['parent', el.parentElement, 'parent '], ['child', el.firstElementChild, 'first child ']]) {
      if (plain[k] && now[k] && host) found.push(...changes(plain[k], now[k], host, where));
    }
    const ok = found.find((f) => f.ok);
    if (ok) return {ok: true, how: ok.how};
    if (!found.length) return {ok: false, how: 'no style change on focus'};
    return {ok: false, how: found.slice(0, 2).map((f) => f.how).join('; ') +
      ' (needs a ring >= 2 px at >= 3:1, or a colour change >= 3:1)'};
  }
  function deepActive() {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  // A visible, named pause/stop/hide/mute control within four levels around the moving element.
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
      ga.tab = {list, index: new Map(list.map((el, i) => [el, i])), plain: list.slice(0, maxKeep).map(lookOf),
        elsewhere: new Set()};
      // A focus indicator may be drawn on another element (a class toggled by a focus handler).
      if (ga.tabObserver) ga.tabObserver.disconnect();
      ga.tabObserver = new MutationObserver((records) => {
        for (const r of records) if (r.target.nodeType === 1 && ga.tab.elsewhere.size < 50) ga.tab.elsewhere.add(r.target);
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
      // Restyled elsewhere: not the element, its parent or first child (measured below) nor another tab stop
      // (its own blur style), e.g. a class a focus handler put on a wrapper. Not measured: taken as visible.
      const elsewhere = ga.tab ? Array.from(ga.tab.elsewhere).filter((t) => t !== el && t !== el.parentElement &&
        t !== el.firstElementChild && !ga.tab.index.has(t) && visible(t)).length : 0;
      // A script restyled the element itself on focus: what it looked like before may be stale (a timer of an
      // earlier walk left its focus class behind), so an unperceivable measure is not trusted.
      const restyled = !!ga.tab && ga.tab.elsewhere.has(el);
      if (ga.tab) ga.tab.elsewhere = new Set();
      if (idx !== undefined && idx < ga.tab.plain.length) {
        // A focus style that fades in is a CSS transition that has only just started when read.
        const fading = (e, subtree) => !!e && !!e.getAnimations && typeof CSSTransition !== 'undefined' &&
          e.getAnimations({subtree}).some((a) => a instanceof CSSTransition && a.playState === 'running');
        const ind = indicator(el, ga.tab.plain[idx]);
        const fade = fading(el, true) || fading(el.parentElement, false);
        out.changed = ind.ok || elsewhere > 0 || fade || (restyled && ind.how !== 'no style change on focus');
        out.indicator = ind.ok || !out.changed ? ind.how
          : fade ? 'focus style fading in (CSS transition)'
            : elsewhere ? 'a class or style changed elsewhere on focus' : 'restyled by a script on focus (not measured)';
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
      // <marquee> and <blink> are judged by what the browser renders, not by the tag: marquee movement is
      // sampled (marqueeSample), and Chromium does not blink <blink> (a page's own CSS or script blinking is an
      // animation or a change above).
      // Elements that changed at least twice, >= 1 s apart, after load and before any user input.
      const changing = [];
      const loadAt = ga.loadAt ?? 0;
      // A slider swaps slides by their classes or styles: each slide changes once or twice, but their container
      // changes at every swap, so the changes of two or more children also count for their parent.
      const own = ga.changed || new Map(), kids = new Map();
      const shownOnce = new Set((ga.transient || []).map((e) => e.el));
      for (const [el, all] of own) {
        const p = el.parentElement;
        const times = all.filter((t) => t > loadAt + 300);  // being parsed is not a change
        if (!times.length || !p || p === document.body || p === document.documentElement) continue;
        const k = kids.get(p) || {from: new Set(), times: []};
        k.from.add(el);
        k.times.push(...times);
        kids.set(p, k);
      }
      const changed = new Map(own);
      for (const [p, k] of kids) if (k.from.size > 1) changed.set(p, (own.get(p) || []).concat(k.times));
      for (const [el, all] of changed) {
        const times = all.sort((a, b) => a - b).filter((t, i, a) => i === 0 || t - a[i - 1] > 200);
        const after = times.filter((t) => t > loadAt + 300);
        if (after.length < 2 || after[after.length - 1] - after[0] < 1000 || !el.isConnected || !visible(el)) continue;
        // Shown once and hidden again is a transient message (recorded as such), not content that keeps changing.
        if (after.length <= 2 && shownOnce.has(el)) continue;
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
      return {media, animations, changes, carousels, transient: window.__gaChecks.transient(),
        blink_elements: document.getElementsByTagName('blink').length,
        observed_ms: Math.round(performance.now() - loadAt), input_at: ga.firstInput};
    },

    // Text that appeared after load and went away again (js/preload.js keeps the log): times in ms after load.
    transient() {
      const loadAt = ga.loadAt ?? 0, t = performance.now();
      if (ga.transientSweep) ga.transientSweep();
      return (ga.transient || []).map((e) => ({selector: e.selector, snippet: e.snippet, text: e.text, role: e.role,
        after_input: e.after_input, shown_at_ms: Math.round(e.shown_at - loadAt),
        shown_ms: e.hidden_at === null ? null : Math.round(e.hidden_at - e.shown_at),
        still_shown_ms: e.hidden_at === null ? Math.round(t - e.shown_at) : null}));
    },

    // Visible images that could be animated (GIF, APNG, WebP, or any format: the bytes decide), with what the
    // browser says about their size; the frames are counted from the bytes (page_checks.read_image_motion).
    imageCandidates(limit) {
      const out = [], seen = new Set();
      for (const img of document.images) {
        if (out.length >= limit) break;
        const src = img.currentSrc || img.src;
        if (!src || seen.has(src) || !img.complete || img.naturalWidth < 2 || !visible(img)) continue;
        if (/\.(jpe?g|svg)(\?|#|$)/i.test(src) || /^data:image\/(jpeg|svg)/i.test(src)) continue;
        const r = img.getBoundingClientRect();
        if (r.width * r.height < 256) continue;  // tracking pixels and tiny icons
        seen.add(src);
        const entry = performance.getEntriesByName(src)[0];
        out.push({src, selector: selector(img), snippet: snippet(img), size: [Math.round(r.width), Math.round(r.height)],
          bytes: entry ? entry.decodedBodySize || null : null, control: controlsNear(img)});
      }
      return out;
    },

    // Whether each <marquee> actually moves: where its text is drawn now and `ms` later (async: last argument).
    marqueeSample(ms, done) {
      const els = Array.from(document.getElementsByTagName('marquee')).filter(visible).slice(0, 10);
      const at = () => els.map((el) => {
        const r = document.createRange();
        r.selectNodeContents(el);
        const b = r.getBoundingClientRect();
        return [b.left, b.top];
      });
      const first = at();
      if (!els.length) return done([]);
      const n = ga.native || window;
      n.setTimeout.call(window, () => {
        const second = at();
        done(els.map((el, i) => ({selector: selector(el), snippet: snippet(el), control: controlsNear(el),
          moved_px: Math.round(Math.abs(second[i][0] - first[i][0]) + Math.abs(second[i][1] - first[i][1])),
          sampled_ms: ms})));
      }, ms);
    },

    // How much longer to watch (ms, 0 = no need): something changed once after load while an interval timer of
    // at most 5 s is still pending. A slider that swaps every 2.5-5 s shows only one swap in a 3 s window; one
    // more period shows whether the change repeats (judged by motion() as usual).
    motionPending() {
      if (!ga.timers || ga.loadAt === null || ga.loadAt === undefined || ga.firstInput !== null) return 0;
      let period = 0;
      for (const v of ga.timers.values()) if (v.period && v.period <= 5000) period = Math.max(period, v.period);
      if (!period) return 0;
      const after = ga.loadAt + 300;
      for (const times of (ga.changed || new Map()).values()) if (times.some((t) => t > after)) return period + 300;
      return 0;
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

    // Zoom losses other than clipping, at the current zoom: text drawn over other text, and text that now
    // scrolls inside a fixed-size box. mark=true records what is so at 100 % (a design choice, not a zoom loss);
    // later calls report only what is new. Hidden by design (sr-only clipping, off-screen menus, fixed bars,
    // transparent or hidden elements) is left out.
    zoomLoss(mark) {
      const ids = ga.zoomIds || (ga.zoomIds = new WeakMap());
      let next = ga.zoomNext || 1;
      const id = (el) => { if (!ids.has(el)) ids.set(el, next++); ga.zoomNext = next; return ids.get(el); };
      const hidden = new Map();
      const awayByDesign = (el) => {
        if (hidden.has(el)) return hidden.get(el);
        let out = false;
        const cs = getComputedStyle(el);
        if (cs.position === 'fixed' || cs.position === 'sticky') out = true;
        else if ((cs.position === 'absolute') && (cs.clip !== 'auto' || cs.clipPath !== 'none')) out = true;
        else if (cs.overflow !== 'visible' && (el.clientWidth <= 2 || el.clientHeight <= 2)) out = true;
        else if (el.parentElement && el.parentElement !== document.documentElement) out = awayByDesign(el.parentElement);
        hidden.set(el, out);
        return out;
      };
      // Where an element's text can be seen: its line boxes, cut to every ancestor that clips.
      const clipOf = new Map();
      const clipRect = (el) => {
        if (clipOf.has(el)) return clipOf.get(el);
        const p = el.parentElement;
        let r = p && p !== document.documentElement ? clipRect(p) : {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
        const cs = getComputedStyle(el);
        if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
          const b = el.getBoundingClientRect();
          r = {left: Math.max(r.left, b.left), top: Math.max(r.top, b.top), right: Math.min(r.right, b.right),
            bottom: Math.min(r.bottom, b.bottom)};
        }
        clipOf.set(el, r);
        return r;
      };
      const lines = [];
      const walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
      let n = 0;
      for (let t = walker.nextNode(); t && n < 5000 && lines.length < 3000; t = walker.nextNode(), n++) {
        const el = t.parentElement;
        if (!el || !t.data.trim() || /^(script|style|noscript|template|option)$/.test(el.localName)) continue;
        if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
        if (awayByDesign(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(t);
        const c = clipRect(el);
        for (const r of Array.from(range.getClientRects()).slice(0, 20)) {
          const v = {left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right),
            bottom: Math.min(r.bottom, c.bottom)};
          if (v.right - v.left < 2 || v.bottom - v.top < 2 || v.right < 0 || v.bottom + window.scrollY < 0) continue;
          lines.push({el, ...v, h: r.height});
        }
      }
      lines.sort((a, b) => a.top - b.top);
      const base = mark ? (ga.zoomBase = {pairs: new Set(), boxes: new Set()}) : (ga.zoomBase || {pairs: new Set(), boxes: new Set()});
      const overlapping = [], reported = new Set();
      for (let i = 0; i < lines.length && overlapping.length < 10; i++) {
        const a = lines[i];
        for (let j = i + 1; j < lines.length && lines[j].top < a.bottom; j++) {
          const b = lines[j];
          if (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          // More than touching: a clear share of the smaller line box is covered.
          if (w <= 2 || h <= 0.4 * Math.min(a.h, b.h)) continue;
          const key = Math.min(id(a.el), id(b.el)) + ':' + Math.max(id(a.el), id(b.el));
          if (mark) { base.pairs.add(key); continue; }
          if (base.pairs.has(key) || reported.has(key)) continue;
          reported.add(key);
          overlapping.push({selector: selector(a.el), snippet: snippet(a.el), other_selector: selector(b.el),
            other_snippet: snippet(b.el), measured: `text of ${selector(a.el)} and ${selector(b.el)} overlap by ` +
            `${Math.round(w)}x${Math.round(h)} px`});
          if (overlapping.length >= 10) break;
        }
      }
      // Fixed-size boxes whose text now scrolls inside them. Sideways scrolling of a table, code, an image or
      // a map is allowed (WCAG 1.4.10 exception); a box near the window's height is a page-level scroller.
      const scrolling = [];
      let m = 0;
      const all = document.body ? document.body.getElementsByTagName('*') : [];
      for (let k = 0; k < all.length && m < 20000 && scrolling.length < 10; k++, m++) {
        const el = all[k];
        const cs = getComputedStyle(el);
        const sx = /auto|scroll/.test(cs.overflowX), sy = /auto|scroll/.test(cs.overflowY);
        if (!sx && !sy) continue;
        const overY = sy && el.scrollHeight > el.clientHeight + 2 && el.clientHeight > 2;
        const overX = sx && el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 2 &&
          !el.querySelector('table, pre, code, img, svg, canvas, video, iframe, math');
        if (!overX && !overY) continue;
        if (el.clientHeight >= 0.6 * window.innerHeight || !text(el) || !visible(el) || awayByDesign(el)) continue;
        if (mark) { base.boxes.add(id(el)); continue; }
        if (base.boxes.has(id(el))) continue;
        scrolling.push({selector: selector(el), snippet: snippet(el), measured:
          (overY ? `scrollHeight ${el.scrollHeight} > ${el.clientHeight}` : `scrollWidth ${el.scrollWidth} > ${el.clientWidth}`) +
          ': the text scrolls inside a fixed-size box'});
      }
      return {overlapping_text: overlapping, scrolling_boxes: scrolling, text_lines: lines.length};
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

    // Forms: js/interaction.js (formsFind, formFill, formResult), driven by crawler/browser/form_errors.py.
    pageText() { return text(document.body).slice(0, 5000); },
  };
})();
