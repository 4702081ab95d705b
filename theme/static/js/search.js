// Search page: start Pagefind's UI on #zoeken. Loaded with `defer`, after pagefind-ui.js.
(function () {
  "use strict";
  var target = document.getElementById("zoeken");
  if (!target || typeof window.PagefindUI !== "function") {
    return;
  }
  // A large site's index is split into several bundles (data-merge); Pagefind searches them
  // all and merges the results and the filters.
  var merged = (target.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var ui = new window.PagefindUI({
    element: "#zoeken",
    bundlePath: target.getAttribute("data-bundle"),
    mergeIndex: merged.map(function (path) {
      return { bundlePath: path };
    }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    openFilters: [],
    translations: {
      placeholder: "Zoek een gemeente, thema of trefwoord",
      clear_search: "Wissen",
      load_more: "Meer resultaten",
      search_label: "Zoek in de showcase",
      filters_label: "Filters",
      zero_results: "Geen resultaten voor [SEARCH_TERM]",
      many_results: "[COUNT] resultaten voor [SEARCH_TERM]",
      one_result: "[COUNT] resultaat voor [SEARCH_TERM]",
      alt_search: "Geen resultaten voor [SEARCH_TERM]. Resultaten voor [DIFFERENT_TERM]",
      search_suggestion: "Geen resultaten voor [SEARCH_TERM]. Probeer een van deze zoektermen:",
      searching: "Zoeken naar [SEARCH_TERM]…"
    }
  });
  // A link such as /zoeken/?q=water opens the page with that search done.
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
