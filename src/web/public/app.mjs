// Progressive enhancement only: every page works without this script.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { FilterToggleButton, initAll as initMoj } from '/assets/moj/moj-frontend.min.js';

initAll();
// MoJ Frontend's components by their data-module (the sortable table, `moj-sortable-table`).
initMoj();

// The MoJ filter's "Show filter" button on small screens, where the filter (the find page's
// search form) opens over the results. On a small screen it starts closed once there are
// results, open when there is no search yet or the form has errors to correct (the page says
// so with data-start-shown). On wider screens it stays open beside the results (the script
// would hide it there too if told to start hidden, so it is not told).
const filter = document.querySelector('.moj-filter-layout__filter');
if (filter && document.body.classList.contains('govuk-frontend-supported')) {
  const bigModeMediaQuery = '(min-width: 48.0625em)';
  new FilterToggleButton(filter, {
    bigModeMediaQuery,
    startHidden:
      filter.dataset.startShown !== 'true' && !window.matchMedia(bigModeMediaQuery).matches,
    toggleButton: {
      showText: 'Show filter',
      hideText: 'Hide filter',
      classes: 'govuk-button--secondary',
    },
  });
}
