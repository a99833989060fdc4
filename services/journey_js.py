"""The scripts a journey runs in the page: they only read the page (and tag controls so they can be clicked)."""

from __future__ import annotations

_VISIBLE = """const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
const furniture = (e) => !!e.closest('nav,header,footer,aside,[role=navigation],[role=banner],[role=contentinfo]');"""

# every link: address, visible text, whether it sits in the site's furniture (menus, header, footer)
LINKS_JS = "() => {" + _VISIBLE + """
  return Array.from(document.querySelectorAll('a[href]')).filter(visible).slice(0, 400).map(a => ({
    href: a.href, text: (a.innerText || a.getAttribute('aria-label') || '').trim().slice(0, 300),
    furniture: furniture(a), hreflang: a.getAttribute('hreflang') || ''}));
}"""

# the card: title, labelled blocks of the main content, its links, which checklist elements it has
CARD_JS = "(selectors) => {" + _VISIBLE + """
  const root = document.querySelector('main,[role=main],article') || document.body;
  const LABELS = 'h1,h2,h3,h4,h5,h6,dt,th,summary,legend,[class*=title],[class*=label],[class*=heading]';
  const blocks = [];
  const content = (el) => {
    if (el.tagName === 'DT') { const dd = el.nextElementSibling; return dd ? [dd] : []; }
    if (el.tagName === 'TH') {
      const td = el.parentElement && el.parentElement.querySelector('td'); return td ? [td] : []; }
    if (el.tagName === 'SUMMARY' || el.tagName === 'LEGEND') return [el.parentElement];
    const out = []; let n = el.nextElementSibling;
    while (n && out.length < 8 && !n.matches(LABELS) && !n.querySelector('h1,h2,h3,h4,h5,h6')) {
      out.push(n); n = n.nextElementSibling; }
    if (!out.length && el.parentElement && el.parentElement !== root) {
      const own = Array.from(el.parentElement.children).filter(c => c !== el); return own; }
    return out;
  };
  for (const el of root.querySelectorAll(LABELS)) {
    if (furniture(el) || !visible(el) || el.closest('a,button')) continue;
    const parts = content(el);
    let text = '', media = 0;
    for (const p of parts) {
      text += ' ' + (p.innerText || '').trim();
      media += p.matches('a[href],video,iframe') ? 1 : 0;
      media += p.querySelectorAll('a[href],video,iframe').length;
    }
    if (el.tagName === 'SUMMARY' || el.tagName === 'LEGEND')
      text = text.replace((el.innerText || '').trim(), '');
    blocks.push({label: (el.innerText || '').trim().slice(0, 300), text: text.trim().slice(0, 500), media});
    if (blocks.length >= 120) break;
  }
  const links = Array.from(root.querySelectorAll('a[href]')).filter(a => !furniture(a)).map(a => a.href).slice(0, 300);
  const elements = selectors.filter(s => { try { return !!root.querySelector(s); } catch (e) { return false; } });
  const h1 = document.querySelector('h1');
  return {title: document.title.slice(0, 300), h1: h1 ? h1.innerText.trim().slice(0, 500) : '',
          text: (root.innerText || '').slice(0, 20000), blocks, links, elements,
          lang: document.documentElement.lang || ''};
}"""

# what the authentication wall and error checks read (services/auth.py)
SNAPSHOT_JS = "() => {" + _VISIBLE + """
  const inputs = Array.from(document.querySelectorAll('input')).filter(visible);
  const otp = inputs.filter(i => (i.autocomplete || '') === 'one-time-code' ||
      /sms|otp|one.?time|code|kod/i.test((i.name || '') + ' ' + (i.id || ''))).length;
  const keyFile = Array.from(document.querySelectorAll('input[type=file]')).filter(i =>
      /p12|pfx|jks|key/i.test((i.accept || '') + ' ' + (i.name || ''))).length;
  const controls = Array.from(document.querySelectorAll(
      'a[href],button,input[type=submit],input[type=button],[role=button]')).filter(visible).slice(0, 200)
      .map(c => (c.innerText || c.value || c.getAttribute('aria-label') || '').trim().slice(0, 200));
  return {text: (document.body ? document.body.innerText : '').slice(0, 20000), title: document.title.slice(0, 300),
          controls, password: inputs.filter(i => i.type === 'password').length, otp, key_file: keyFile};
}"""

# visible controls, each tagged with data-govaudit-control=N so the journey can click the one it chose
CONTROLS_JS = "() => {" + _VISIBLE + """
  const found = [];
  const all = document.querySelectorAll('a[href],button,input[type=submit],input[type=button],[role=button]');
  for (const c of all) {
    if (!visible(c)) continue;
    const n = found.length;
    c.setAttribute('data-govaudit-control', String(n));
    const r = c.getBoundingClientRect();
    found.push({n, tag: c.tagName.toLowerCase(), href: c.href || null, target: c.getAttribute('target') || '',
                text: (c.innerText || c.value || c.getAttribute('aria-label') || '').trim().slice(0, 200),
                furniture: furniture(c), area: Math.round(r.width * r.height)});
    if (found.length >= 300) break;
  }
  return found;
}"""
