// The report's only script (allowed by its sha256 in the page's CSP): filter the findings by verdict.
(() => {
  'use strict';
  const filter = document.getElementById('verdict-filter');
  if (!filter) return;
  const boxes = Array.from(filter.querySelectorAll('input[type=checkbox][data-verdict]'));
  const apply = () => {
    const shown = new Set(boxes.filter((box) => box.checked).map((box) => box.dataset.verdict));
    for (const row of document.querySelectorAll('tr[data-verdict]')) {
      row.hidden = !shown.has(row.dataset.verdict);
    }
  };
  for (const box of boxes) box.addEventListener('change', apply);
  filter.hidden = false; // the filter is offered only where the script runs
  apply();
})();
