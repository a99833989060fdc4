// The report's only script (admitted by its sha256 in each page's CSP): the ru/kk switch, the verdict filter
// and the ranking filters. Without it every page still reads in Russian with everything shown.
(() => {
  'use strict';
  const root = document.documentElement;
  const KEY = 'govaudit-lang';
  const setLang = (lang) => {
    root.lang = lang;
    root.classList.toggle('kk', lang === 'kk');
    for (const b of document.querySelectorAll('[data-govaudit-lang]')) {
      b.setAttribute('aria-pressed', String(b.dataset.govauditLang === lang));
    }
    try { localStorage.setItem(KEY, lang); } catch (e) { /* file:// storage may be off: keep the page's choice */ }
  };
  const switcher = document.getElementById('lang-switch');
  if (switcher) {
    for (const b of switcher.querySelectorAll('[data-govaudit-lang]')) {
      b.addEventListener('click', () => setLang(b.dataset.govauditLang));
    }
    switcher.hidden = false;
  }
  let saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { saved = null; }
  setLang(saved === 'kk' ? 'kk' : 'ru');

  const verdicts = document.getElementById('verdict-filter');
  if (verdicts) {
    const boxes = Array.from(verdicts.querySelectorAll('input[type=checkbox][data-verdict]'));
    const apply = () => {
      const shown = new Set(boxes.filter((box) => box.checked).map((box) => box.dataset.verdict));
      for (const row of document.querySelectorAll('tr[data-verdict]')) row.hidden = !shown.has(row.dataset.verdict);
    };
    for (const box of boxes) box.addEventListener('change', apply);
    verdicts.hidden = false;
    apply();
  }

  const filters = document.getElementById('ranking-filters');
  const table = document.getElementById('ranking-table');
  if (filters && table) {
    const get = (name) => filters.querySelector(`[data-govaudit-filter="${name}"]`);
    const meth = get('meth');
    const type = get('type');
    const query = get('q');
    const apply = () => {
      const q = query.value.trim().toLowerCase();
      for (const row of table.tBodies[0].rows) {
        row.hidden = (meth.value && row.dataset.meth !== meth.value) || (type.value && row.dataset.type !== type.value) ||
          (q && !row.dataset.name.includes(q));
      }
    };
    for (const el of [meth, type]) el.addEventListener('change', apply);
    query.addEventListener('input', apply);
    filters.hidden = false;
    apply();
  }
})();
