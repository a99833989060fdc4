// In-page helpers for the interaction checks: mouse-only widgets, hover-only submenus, dialogs, role=button keys
// (crawler/browser/widgets.py) and form error messages (crawler/browser/page_checks.check_form_errors).
// Installed before any page script (CDP Page.addScriptToEvaluateOnNewDocument): only from the start can we see
// which elements get click or hover listeners. Defines window.__gaInteract once; every function returns JSON.
// Everything the page supplies is untrusted: nothing here runs page code except through real key presses/clicks.
(() => {
  if (window.__gaInteract) return;
  const listeners = new WeakMap();  // element -> Set of event types the page listens to on it
  const CLICKY = new Set(['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend',
    'dblclick']);
  const HOVERY = new Set(['mouseenter', 'mouseover', 'pointerenter', 'pointerover']);
  const note = (target, type) => {
    if (!(target instanceof Element)) return;
    let set = listeners.get(target);
    if (!set) listeners.set(target, (set = new Set()));
    set.add(String(type));
  };
  try {
    const add0 = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, fn, opts) {
      try { note(this, type); } catch (err) { /* a hostile `this` */ }
      return add0.call(this, type, fn, opts);
    };
    for (const prop of ['onclick', 'onmousedown', 'onmouseup', 'onmouseenter', 'onmouseover']) {
      const d = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
      if (!d || !d.set) continue;
      Object.defineProperty(HTMLElement.prototype, prop, {configurable: true, enumerable: d.enumerable, get: d.get,
        set(v) { if (v) note(this, prop.slice(2)); return d.set.call(this, v); }});
    }
  } catch (err) { /* frozen prototypes: only attributes, roles and cursors are seen */ }

  const state = {};  // what the checks found, by index (Python refers to elements by these indexes)
  const C = () => window.__gaChecks;
  const sel = (el) => (C() ? C().selector(el) : null);
  const snip = (el) => (C() ? C().snippet(el) : null);
  const text = (el) => ((el && (el.innerText || el.textContent)) || '').replace(/\s+/g, ' ').trim();
  function visible(el) {
    if (!el || !el.isConnected || el.nodeType !== 1) return false;
    if (el.checkVisibility && !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    // Moved off-screen (left: -9999px) or clipped to nothing is hidden too.
    const sx = window.scrollX, sy = window.scrollY;
    if (r.right + sx < 0 || r.bottom + sy < 0) return false;
    const cs = getComputedStyle(el);
    return !(cs.clipPath && /inset\(50%|circle\(0/.test(cs.clipPath)) && cs.clip !== 'rect(0px, 0px, 0px, 0px)';
  }
  const NATIVE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, ' +
    'audio[controls], video[controls], [contenteditable=""], [contenteditable=true]';
  function focusable(el) {
    if (el.disabled || el.closest('[inert]')) return false;
    if (el.hasAttribute('tabindex')) return el.tabIndex >= 0;
    return el.matches(NATIVE);
  }
  const TABBABLE = NATIVE + ', [tabindex]:not([tabindex^="-"])';
  const tabbablesIn = (root) => Array.from(root.querySelectorAll(TABBABLE)).filter((e) => focusable(e) && visible(e));
  const deepActive = () => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  };

  // Rules of the page's own style sheets whose selector has :hover, with the selector split at the hovered part.
  function hoverRules() {
    const out = [];
    const walk = (rules) => {
      for (const r of rules) {
        if (out.length > 2000) return;
        if (r.cssRules && !(r instanceof CSSStyleRule)) { walk(r.cssRules); continue; }
        if (!(r instanceof CSSStyleRule) || !r.selectorText.includes(':hover')) continue;
        for (const part of r.selectorText.split(/,(?![^(]*\))/)) {
          const at = part.indexOf(':hover');
          if (at < 0) continue;
          const end = part.slice(at).search(/[\s>+~]/);
          const hovered = (end < 0 ? part : part.slice(0, at + end)).replace(/:hover/g, '').trim() || '*';
          out.push({hovered, subject: part.replace(/:hover/g, '').trim() || '*', self: end < 0, style: r.style});
        }
      }
    };
    for (const sheet of Array.from(document.styleSheets)) {
      try { walk(sheet.cssRules); } catch (err) { /* a cross-origin sheet cannot be read */ }
    }
    return out;
  }
  const all = (selector) => { try { return Array.from(document.querySelectorAll(selector)); } catch (err) { return []; } };

  // --- elements that act on click but cannot be focused ------------------------------------------
  const WIDGET_ROLES = new Set(['button', 'link', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'checkbox',
    'radio', 'switch', 'option', 'treeitem', 'slider', 'combobox']);
  const ROVING = new Set(['tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'treeitem', 'radio',
    'gridcell', 'row']);
  function mouseOnly(limit) {
    const hoverPointer = new Set();
    for (const r of hoverRules()) {
      if (r.self && r.style.getPropertyValue('cursor') === 'pointer') for (const el of all(r.subject)) hoverPointer.add(el);
    }
    const out = [];
    let scanned = 0;
    const vw = innerWidth, vh = innerHeight;
    for (const el of document.querySelectorAll('body *')) {
      if (out.length >= limit || ++scanned > 8000) break;
      const reasons = [];
      const types = listeners.get(el);
      if (types && [...types].some((t) => CLICKY.has(t))) reasons.push('click listener');
      if (el.hasAttribute('onclick') || el.hasAttribute('onmousedown') || el.hasAttribute('onmouseup')) reasons.push('onclick attribute');
      const role = (el.getAttribute('role') || '').trim().toLowerCase();
      if (WIDGET_ROLES.has(role)) reasons.push(`role=${role}`);
      if (hoverPointer.has(el)) reasons.push('cursor:pointer on hover');
      if (!reasons.length && !/^(div|span|li|img|td|p|i|svg|h[1-6])$/.test(el.localName)) continue;
      const cs = getComputedStyle(el);
      if (cs.cursor === 'pointer' && !(el.parentElement && getComputedStyle(el.parentElement).cursor === 'pointer')) {
        reasons.push('cursor:pointer');
      }
      if (!reasons.length) continue;
      if (focusable(el) || el.matches('label, option, optgroup') || el.getAttribute('aria-disabled') === 'true') continue;
      // Roving tabindex: the inactive tabs/items/options of a composite widget are reached with arrow keys.
      if (el.hasAttribute('tabindex') && ROVING.has(role)) continue;
      // Inside a control the control takes the key; a container of controls delegates to them.
      if (el.parentElement && el.parentElement.closest('a[href], button, label, summary, select, [tabindex]:not([tabindex^="-"])')) continue;
      if (el.querySelector(TABBABLE) || !visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width * r.height > 0.5 * vw * vh) continue;  // a page-wide wrapper (backdrop, layout) is not a widget
      out.push({selector: sel(el), snippet: snip(el), text: text(el).slice(0, 80), reasons,
        measured: `acts on click (${reasons.join(', ')}) but cannot be focused (no tabindex, not a control)`});
    }
    return out;
  }

  // --- submenus that open on hover ---------------------------------------------------------------
  // A candidate is an element the page reacts to hovering (a :hover rule or a hover listener) that holds a hidden
  // box of links: the submenu. The mouse and the keyboard are then tried on it for real (widgets.py).
  function submenus(limit) {
    const hovered = new Set();
    const SHOWS = ['display', 'visibility', 'opacity', 'max-height', 'height', 'transform', 'left', 'right', 'top', 'clip', 'clip-path'];
    for (const r of hoverRules()) {
      if (r.self || !SHOWS.some((p) => r.style.getPropertyValue(p))) continue;
      for (const el of all(r.hovered)) hovered.add(el);
    }
    for (const el of document.querySelectorAll('body *')) {
      const types = listeners.get(el);
      if (types && [...types].some((t) => HOVERY.has(t))) hovered.add(el);
    }
    state.menus = [];
    // Menus sit in navigation: those candidates first; a few hundred are enough to look at.
    const NAV = 'nav, header, [role=navigation], [role=menubar], [role=menu], [class*=menu i], [class*=nav i]';
    const ordered = Array.from(hovered).slice(0, 300).sort((a, b) => Number(!a.closest(NAV)) - Number(!b.closest(NAV)));
    for (const el of ordered) {
      if (state.menus.length >= limit) break;
      if (!visible(el)) continue;
      // Document order: the first hidden box with links is the outermost one.
      const sub = Array.from(el.querySelectorAll('ul, ol, div, section, nav, [role=menu]')).find((s) =>
        !visible(s) && !!s.querySelector('a[href], button'));
      if (!sub) continue;
      const trigger = tabbablesIn(el).find((t) => !sub.contains(t));
      if (state.menus.some((m) => m.el.contains(el) || el.contains(m.el))) continue;  // nested: test the outer one
      state.menus.push({el, sub, trigger});
    }
    const page = state.menus.length ? pageSignature() : '';
    return state.menus.map((m, i) => ({index: i, selector: sel(m.el), snippet: snip(m.el), submenu: sel(m.sub),
      trigger: m.trigger ? sel(m.trigger) : null, links: m.sub.querySelectorAll('a[href], button').length,
      signature: page + ':' + hash(m.el.outerHTML)}));
  }
  // What decides how a widget behaves: its own markup and the page's scripts and styles. Two pages of one site
  // with the same menu markup and the same scripts and style sheets (one template) get the same verdict, so
  // widgets.py tests such a menu once per site (WidgetMemo).
  function hash(str) {
    let h = 0x811c9dc5;  // FNV-1a, 32 bits: a change detector, not a security measure
    for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(36) + '.' + str.length.toString(36);
  }
  function pageSignature() {
    const parts = [];
    for (const s of document.querySelectorAll('script')) parts.push(s.src ? 'src:' + s.src : 'inline:' + s.textContent);
    for (const l of document.querySelectorAll('link[rel~=stylesheet i]')) parts.push('css:' + l.href);
    for (const st of document.querySelectorAll('style')) parts.push('style:' + st.textContent);
    return hash(parts.join('\u0000'));
  }
  function menuPoint(i) {
    const m = state.menus[i];
    m.el.scrollIntoView({block: 'center'});
    const r = (m.trigger && visible(m.trigger) ? m.trigger : m.el).getBoundingClientRect();
    return {x: Math.round(r.left + Math.min(r.width / 2, 20)), y: Math.round(r.top + r.height / 2)};
  }

  // --- dialogs and lightboxes --------------------------------------------------------------------
  const DIALOGISH = 'dialog, [role=dialog], [role=alertdialog], [aria-modal=true], .modal, .lightbox, .popup, ' +
    '.fancybox-container, .glightbox-container, .mfp-wrap, .pswp, [class*=lightbox i], [class*=modal i], [class*=dialog i]';
  const STRONG = 'dialog, [role=dialog], [role=alertdialog], [aria-modal=true]';
  // A class name alone ("modal-open" on <body>, "dialog-link") is not a dialog: it must also be a positioned box.
  const isDialogish = (el) => !!el && el.nodeType === 1 && el !== document.body && el !== document.documentElement &&
    el.matches(DIALOGISH) && (el.matches(STRONG) || ['fixed', 'absolute'].includes(getComputedStyle(el).position));
  function openDialogs() {
    const shown = all(DIALOGISH).filter((d) => isDialogish(d) && visible(d));
    const found = shown.filter((d) => !shown.some((o) => o !== d && o.contains(d)));  // the outermost box
    // A lightbox built of plain divs: a fixed box covering much of the window.
    for (const el of document.querySelectorAll('body > *, body > * > *')) {
      const cs = getComputedStyle(el);
      if (cs.position !== 'fixed' || !visible(el) || found.some((d) => d.contains(el) || el.contains(d))) continue;
      const r = el.getBoundingClientRect();
      if (r.width * r.height >= 0.4 * innerWidth * innerHeight) found.push(el);
    }
    return found;
  }
  function dialogTriggers(limit) {
    const out = new Set();
    state.hinted = new Set();
    const target = (el) => {
      const href = el.getAttribute('href') || '';
      const ids = [(el.getAttribute('aria-controls') || ''), (el.getAttribute('data-target') || ''),
        (el.getAttribute('data-bs-target') || ''), href.startsWith('#') ? href : ''].join(' ');
      return ids.split(/\s+/).filter((s) => s.length > 1).map((s) => document.getElementById(s.replace(/^#/, '')))
        .find(isDialogish);
    };
    for (const el of all('a[href], button, [role=button], [tabindex]')) {
      if (out.size >= limit) break;
      if (!focusable(el) || !visible(el)) continue;
      const href = el.getAttribute('href') || '';
      const hinted = /^(dialog|true)$/.test(el.getAttribute('aria-haspopup') || '') ||
        /modal|lightbox|dialog/i.test([el.getAttribute('data-toggle'), el.getAttribute('data-bs-toggle')].join(' ')) ||
        el.hasAttribute('data-lightbox') || el.hasAttribute('data-fancybox') || el.hasAttribute('data-gallery') ||
        /lightbox|fancybox|glightbox/i.test((typeof el.className === 'string' ? el.className : '') + ' ' + (el.getAttribute('rel') || '')) ||
        (/\.(jpe?g|png|gif|webp|avif)(\?|$)/i.test(href) && !!el.querySelector('img')) || !!target(el);
      if (hinted) { out.add(el); state.hinted.add(el); }
    }
    // Hidden dialogs in the page: its clickable controls (listeners seen) may open them.
    if (all(DIALOGISH).some((d) => isDialogish(d) && !visible(d))) {
      for (const el of all('button:not([type=submit]), [role=button], a[href^="#"], a[href^="javascript:" i]')) {
        if (out.size >= limit) break;
        const types = listeners.get(el);
        if (!focusable(el) || !visible(el) || el.closest('form') || openDialogs().some((d) => d.contains(el))) continue;
        if ((types && [...types].some((t) => CLICKY.has(t))) || el.hasAttribute('onclick')) out.add(el);
      }
    }
    state.triggers = Array.from(out);
    return state.triggers.map((el, i) => ({index: i, selector: sel(el), snippet: snip(el), text: text(el).slice(0, 80),
      hinted: state.hinted.has(el), tag: el.localName}));
  }

  // --- activation watch: did a key press do anything? -------------------------------------------
  // Mutations on elements that also change by themselves (a carousel timer) are not counted.
  function watchStart() {
    if (state.obs) state.obs.disconnect();
    state.changed = [];
    state.clicks = 0;
    state.obs = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && state.changed.length < 200) state.changed.push(el);
      }
    });
    state.obs.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  }
  function watchStop() {
    if (state.obs) state.obs.disconnect();
    state.obs = null;
    const noisy = state.noisy || [];
    return state.changed.filter((el) => !noisy.some((n) => n.contains(el)));
  }
  // --- reaction: did an input (a key press, a mouse move) start anything at all? -------------------
  // Quiet = since reactStart no DOM change, no timer set, no animation frame or other deferred work asked for, no
  // request in flight and no CSS animation or transition running but the endless ones that ran before: nothing
  // the input did can still open or close a widget, so widgets.py stops waiting. Unknown (the pre-page script
  // missing) is never quiet.
  const running = () => (document.getAnimations ? document.getAnimations() : []).filter((a) => a.playState === 'running');
  function reactStart() {
    const ga = window.__ga;
    state.react = {at: ga ? performance.now() : null, anims: new Set(running())};
    watchStart();
    return true;
  }
  function reactQuiet() {
    const ga = window.__ga, r = state.react;
    if (!r || r.at === null || !ga || ga.net === undefined) return false;
    // An endless animation that ran before (a spinner, a ticker) is not a reaction; one that will end still is.
    const endless = (a) => !!a.effect && a.effect.getComputedTiming().endTime === Infinity;
    return state.changed.length === 0 && ga.timerAt < r.at && ga.deferredAt < r.at && ga.net === 0 &&
      !running().some((a) => !r.anims.has(a) || !endless(a));
  }
  addEventListener('click', (e) => {
    state.clicks = (state.clicks || 0) + 1;
    // While we press keys, following a link would end the page under test (script navigations cannot be stopped
    // here; widgets.py reloads the page after one).
    if (state.noNav && e.target && e.target.closest && e.target.closest('a[href]')) e.preventDefault();
  }, true);
  addEventListener('submit', (e) => {
    if (state.form) { state.form.submits.push(e); }
    if (state.noNav) e.preventDefault();
  }, true);
  addEventListener('invalid', (e) => { if (state.form && state.form.invalid.length < 50) state.form.invalid.push(e); }, true);

  // --- forms -------------------------------------------------------------------------------------
  const SEARCHY = /(search|query|поиск|іздеу|izdeu|^q$|^s$)/i;
  const SENDY = /(send|submit|save|apply|register|sign|log ?in|subscribe|next|continue|ok\b|отправ|сохран|подтверд|зарегистр|войти|подписат|далее|продолж|жібер|сақта|тірке|кіру|жазыл|келесі)/i;
  const fieldsOf = (root) => Array.from(root.querySelectorAll('input, textarea, select')).filter((el) =>
    !['hidden', 'submit', 'button', 'reset', 'image'].includes((el.type || '').toLowerCase()) &&
    !el.disabled && !el.readOnly && visible(el));
  const labelOf = (el) => Array.from(el.labels || []).map(text).join(' ');
  function isSearch(root, fields) {
    // An advanced search (several fields) is still a search: its action, id or class says so.
    const named = [root.getAttribute('action'), root.id, typeof root.className === 'string' ? root.className : '']
      .some((v) => !!v && /(search|poisk|поиск|іздеу|izdeu)/i.test(v));
    return named || root.getAttribute('role') === 'search' || !!root.closest('[role=search]') ||
      (fields.length <= 2 && fields.every((el) => el.type === 'search' || SEARCHY.test([el.name, el.id,
        typeof el.className === 'string' ? el.className : '', el.placeholder, labelOf(el)].join(' '))));
  }
  function actionControl(root) {
    const form = root.localName === 'form' ? root : null;
    const submit = form ? (form.querySelector('button:not([type]), button[type=submit], input[type=submit], input[type=image]') ||
      (form.id && all(`[form="${CSS.escape(form.id)}"]`).find((b) => b.type === 'submit'))) : null;
    if (submit) return {el: submit, how: 'submit button'};
    const clickable = Array.from(root.querySelectorAll('button, input[type=button], [role=button], a[href], div, span'))
      .filter((el) => visible(el) && (el.matches('button, input[type=button], [role=button]') ||
        el.hasAttribute('onclick') || [...(listeners.get(el) || [])].some((t) => CLICKY.has(t))));
    const named = clickable.find((el) => SENDY.test(text(el) + ' ' + (el.value || '') + ' ' + (el.getAttribute('aria-label') || '')));
    const el = named || (clickable.length ? clickable[clickable.length - 1] : null);
    return el ? {el, how: "the form's own button (no submit button)"} : null;
  }
  function formsFind(limit) {
    state.forms = [];
    const out = [];
    const roots = all('form').filter((f) => visible(f));
    // Fields outside any form, grouped by the nearest box that also holds a button: a form by function.
    for (const el of fieldsOf(document.body || document.documentElement)) {
      if (el.form || el.closest('form')) continue;
      let box = el.parentElement, up = 0;
      while (box && box !== document.body && up++ < 4 && !actionControl(box)) box = box.parentElement;
      if (box && box !== document.body && up <= 4 && actionControl(box) && !roots.includes(box)) roots.push(box);
    }
    for (const root of roots) {
      if (out.length >= limit) break;
      // A box of fields outside any form takes only its own fields, not those of a form inside it.
      const fields = fieldsOf(root).filter((el) => root.localName === 'form' || !el.closest('form'));
      if (!fields.length || roots.some((o) => o !== root && o.contains(root) && o.localName === 'form')) continue;
      // Data entry means typing: a form of choices only (a poll, a filter of selects) is not one.
      if (!fields.some((el) => el.localName === 'textarea' || (el.localName === 'input' &&
          !['checkbox', 'radio', 'range', 'color', 'file'].includes((el.type || '').toLowerCase())))) continue;
      const search = isSearch(root, fields);
      const action = actionControl(root);
      const constrained = fields.filter((el) => el.required || el.getAttribute('aria-required') === 'true' ||
        ['email', 'url', 'tel', 'number', 'date'].includes(el.type) || el.pattern).length;
      const entry = {index: state.forms.length, selector: sel(root), snippet: snip(root), search, fields: fields.length,
        constrained, form_element: root.localName === 'form', how: action ? action.how : 'Enter in a field',
        action_control: action ? sel(action.el) : null,
        action: root.getAttribute('action'), method: ((root.localName === 'form' && root.method) || 'get').toLowerCase()};
      out.push(entry);
      state.forms.push({root, fields, action: action ? action.el : null, how: entry.how});
    }
    return out;
  }
  function look(el) {
    const cs = getComputedStyle(el);
    return ['border-top-color', 'border-bottom-color', 'border-left-color', 'border-top-width', 'background-color',
      'color', 'outline-color', 'outline-style', 'box-shadow'].map((p) => `${p}: ${cs.getPropertyValue(p)}`);
  }
  function texts() {
    const m = new Map();
    let n = 0;
    for (const el of document.querySelectorAll('body *')) {
      if (++n > 20000) break;
      if (el.children.length === 0 || Array.from(el.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim())) {
        if (visible(el) && text(el)) m.set(el, text(el));
      }
    }
    return m;
  }
  // Fill every field with an obviously invalid test value (empty, or malformed for typed fields): nothing a real
  // person would send. Then submit the way the form itself offers, unless `how` is 'enter' (Python presses it).
  function formFill(i) {
    const entry = state.forms[i];
    if (!entry) return null;
    const {root, fields} = entry;
    state.form = {entry, invalid: [], submits: [], before: texts(), looks: fields.map(look),
      labels: fields.map(labelOf), active: deepActive(), at: location.href};
    const filled = [];
    for (const el of fields) {
      const t = (el.type || '').toLowerCase();
      if (['checkbox', 'radio'].includes(t)) { el.checked = false; continue; }
      if (el.localName === 'select') { el.selectedIndex = 0; continue; }
      el.value = ['email', 'url'].includes(t) ? 'invalid' : t === 'tel' ? 'abc' : '';
      el.dispatchEvent(new Event('input', {bubbles: true}));
      el.dispatchEvent(new Event('change', {bubbles: true}));
      filled.push({selector: sel(el), name: el.name || el.id || null, type: t, value: el.value});
    }
    // Elements whose text the page rewrites from now on count as new even when the text is the same as before
    // (a message left by an earlier attempt, written again).
    state.form.touched = new Set();
    state.form.obs = new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (el && state.form && state.form.touched.size < 500) state.form.touched.add(el);
      }
    });
    state.form.obs.observe(document, {subtree: true, childList: true, characterData: true});
    window.__gaFormMarker = true;
    return {selector: sel(root), fields: filled, submit: entry.action ? sel(entry.action) : null};
  }
  function formSubmit(i, how) {
    const entry = state.forms[i];
    if (how === 'action' && entry.action) entry.action.click();
    else if (how === 'request' && entry.root.requestSubmit) entry.root.requestSubmit();
    else if (how === 'enter') {
      const f = entry.fields.find((el) => el.localName === 'input' && !['checkbox', 'radio'].includes(el.type)) || entry.fields[0];
      f.focus();
      return sel(f);
    }
    return null;
  }
  function formResult(i) {
    const st = state.form;
    if (!st || !window.__gaFormMarker) return {navigated: true};
    const {root, fields} = st.entry;
    const now = texts();
    const fresh = [];
    if (st.obs) st.obs.disconnect();
    for (const [el, t] of now) if ((st.before.get(el) !== t || st.touched.has(el)) && t.length <= 300) fresh.push(el);
    const outer = fresh.filter((el) => !fresh.some((o) => o !== el && o.contains(el)));
    const active = deepActive();
    // A field's looks are compared unfocused (the focus ring of the field Enter was pressed in is no error sign).
    const refocus = fields.includes(active) ? active : null;
    if (refocus) refocus.blur();
    const looks = fields.map(look);
    if (refocus) refocus.focus({preventScroll: true});
    // Chromium's own validation bubble: the interactive validation of a submission ran (invalid events and no
    // submit event) and the page did not cancel it. A page's own checkValidity() fires invalid events too.
    const interactive = root.localName === 'form' && !root.noValidate && !st.submits.length;
    const bubbles = interactive ? st.invalid.filter((e) => !e.defaultPrevented) : [];
    const out = {navigated: false, submit_event: st.submits.length > 0,
      submit_prevented: st.submits.some((e) => e.defaultPrevented),
      native: bubbles.map((e) => ({selector: sel(e.target), name: e.target.name || e.target.id || null,
        text: e.target.validationMessage})).slice(0, 5),
      focus_moved: active !== st.active && active !== document.body ? sel(active) : null,
      aria_invalid: [], fields_state: [], messages: []};
    const near = (el) => fields.map((f, k) => [f, k]).filter(([f]) => {
      // The message sits next to the field: in the field's own box (up to three levels up, within the form).
      for (let box = f.parentElement, n = 0; box && n < 3; box = box.parentElement, n++) {
        if (box.contains(el)) return true;
        if (box === root) break;
      }
      return false;
    }).map(([, k]) => k);
    const referenced = new Map();  // message element -> indexes of the fields that reference it
    fields.forEach((f, k) => {
      const ids = [f.getAttribute('aria-describedby'), f.getAttribute('aria-errormessage')].join(' ').split(/\s+/).filter(Boolean);
      const described = ids.map((id) => document.getElementById(id)).filter((d) => d && text(d));
      for (const d of described) referenced.set(d, (referenced.get(d) || []).concat([k]));
      const label = labelOf(f);
      const changed = looks[k].filter((v, j) => v !== st.looks[k][j]);
      const invalid = f.getAttribute('aria-invalid') === 'true';
      const item = {selector: sel(f), snippet: snip(f), name: f.name || f.id || null, aria_invalid: invalid,
        described_by: described.map(text).join(' ').slice(0, 200) || null,
        label_changed: label !== st.labels[k] ? label.slice(0, 200) : null,
        style_changed: changed.length ? changed.join('; ').slice(0, 300) : null};
      out.fields_state.push(item);
      if (invalid) out.aria_invalid.push({selector: item.selector, name: item.name, described_by: item.described_by});
    });
    for (const el of outer.slice(0, 10)) {
      const fieldsNear = near(el);
      const refs = [...referenced].filter(([d]) => d.contains(el) || el.contains(d)).flatMap(([, k]) => k);
      const live = !!el.closest('[role=alert], [aria-live]:not([aria-live=off]), [role=status], output');
      out.messages.push({selector: sel(el), snippet: snip(el), text: now.get(el).slice(0, 200), live,
        in_form: root.contains(el), near_fields: fieldsNear.length, referenced: refs.length > 0,
        focused: !!active && (el.contains(active) || active.contains(el))});
    }
    return out;
  }
  // Whether the submission has shown text or a validation message yet (cheap: no text scan). A submit event or a
  // focus move alone is not enough: the page's handler may still be checking the values with its server.
  function formStirred() {
    const st = state.form;
    return !st || !window.__gaFormMarker || st.touched.size > 0 || st.invalid.length > 0;
  }
  function formEnd() {
    state.form = null;
    window.__gaFormMarker = false;
  }

  window.__gaInteract = {
    mouseOnly, submenus, menuPoint,
    menuOpen: (i) => visible(state.menus[i].sub),
    focusMenu(i) {
      const m = state.menus[i];
      if (!m.trigger) return false;
      m.trigger.focus();
      return deepActive() === m.trigger;
    },
    inMenu: (i) => { const a = deepActive(); return !!a && state.menus[i].sub.contains(a) && visible(a); },
    blurAll() { const a = deepActive(); if (a && a.blur) a.blur(); return true; },
    dialogTriggers, openDialogs: () => openDialogs().map(sel),
    noNav(on) { state.noNav = !!on; return true; },
    clickTrigger(i) { const el = state.triggers[i]; if (el) el.click(); return !!el; },
    focusTrigger(i) {
      const el = state.triggers[i];
      if (!el || !el.isConnected) return false;
      state.before = new Set(openDialogs());
      el.focus();
      return deepActive() === el;
    },
    // The dialog that opened since focusTrigger, how many tab stops it has and whether focus is inside it.
    dialogNow() {
      const d = openDialogs().find((x) => !state.before.has(x));
      state.dialog = d || null;
      if (!d) return null;
      const a = deepActive();
      return {selector: sel(d), snippet: snip(d), stops: tabbablesIn(d).length, focus_inside: !!a && d.contains(a),
        focus: sel(a), modal: d.matches('dialog:modal, [aria-modal=true]'),
        nonmodal: d.matches('dialog:not(:modal), [aria-modal=false]')};
    },
    dialogFocus() {
      const d = state.dialog, a = deepActive();
      return {inside: !!d && !!a && d.contains(a), open: !!d && visible(d), focus: a === document.body ? 'body' : sel(a)};
    },
    closeControl() {
      const d = state.dialog;
      if (!d) return false;
      const re = /(close|dismiss|cancel|×|✕|✖|закрыть|отмена|жабу|болдырмау)/i;
      const b = Array.from(d.querySelectorAll('button, [role=button], a[href], [aria-label]')).find((el) =>
        visible(el) && re.test([text(el), el.getAttribute('aria-label'), el.getAttribute('title'),
          typeof el.className === 'string' ? el.className : ''].join(' ')));
      if (!b) return false;
      b.focus();
      return sel(b);
    },
    clickClose() {
      const d = state.dialog;
      const re = /(close|dismiss|cancel|×|✕|закрыть|жабу)/i;
      const b = d && Array.from(d.querySelectorAll('button, [role=button], a, [aria-label], span, div')).find((el) =>
        visible(el) && re.test([text(el), el.getAttribute('aria-label'), typeof el.className === 'string' ? el.className : ''].join(' ')));
      if (b) b.click();
      return !!b;
    },
    returnedTo(i) {
      const el = state.triggers[i], a = deepActive();
      // Focus left on an element the closing hid is lost (the next Tab starts from wherever the browser decides).
      const lost = !a || a === document.body || !visible(a);
      return {returned: !!el && !!a && (a === el || el.contains(a)),
        focus: lost ? (a && a !== document.body ? `nowhere (${sel(a)}, now hidden)` : 'body') : sel(a)};
    },
    roleButtons(limit) {
      state.buttons = all('[role=button]').filter((el) => !el.matches('button, input, summary') && focusable(el) &&
        visible(el) && el.getAttribute('aria-disabled') !== 'true').slice(0, limit);
      return state.buttons.map((el, i) => ({index: i, selector: sel(el), snippet: snip(el), tag: el.localName,
        href: el.getAttribute('href')}));
    },
    focusButton(i) {
      const el = state.buttons[i];
      if (!el || !el.isConnected) return false;
      el.focus();
      return deepActive() === el;
    },
    clickButton(i) { const el = state.buttons[i]; if (el) el.click(); return !!el; },
    // What changes by itself, watched for a moment before any key press (Python waits, then calls noiseEnd).
    noiseStart() { state.noisy = []; watchStart(); return true; },
    noiseEnd() { const c = watchStop(); state.noisy = Array.from(new Set(c)); return state.noisy.length; },
    watchStart() { watchStart(); return true; },
    reactStart,
    // widget state `name`(...args) and whether the page is quiet since reactStart: one round trip.
    reactRead(name, ...args) { const got = window.__gaInteract[name](...args); return [got, reactQuiet()]; },
    watchStop() {
      const changed = watchStop();
      return {changed: changed.length, clicks: state.clicks, what: changed.slice(0, 3).map(sel), dialog: openDialogs().length};
    },
    formsFind, formFill, formSubmit, formStirred, formResult, formEnd,
    // Everything widgets.py tests on this page, found in one round trip (limits as in widgets.py).
    survey(limits) {
      const I = window.__gaInteract;
      return {mouse_only: mouseOnly(limits.mouse_only), menus: submenus(limits.menus),
        corner: [innerWidth - 2, innerHeight - 2], triggers: dialogTriggers(limits.triggers),
        buttons: I.roleButtons(limits.buttons)};
    },
  };
})();
