// The web editor (/admin/): loaded after Decap CMS (decap-cms.js), which reads config.yml.
//
// Before Decap writes a file, leave out what nobody filled in: an empty text, or an optional
// object (a contact point, a source) left empty. Decap would write `email: ""` or
// `contact: {}`, which the checker refuses (a text may not be empty, a contact needs a role);
// the models simply allow the field to be missing. `null` (the municipality records write
// `website: null`) and lists are kept as they are, so an edit changes only what was edited.
(function () {
  "use strict";
  if (!window.CMS || typeof window.CMS.registerEventListener !== "function") {
    return;
  }

  // Decap's entry data is made of Immutable.js collections: a Map per record, a List per list.
  function isCollection(value) {
    return value !== null && typeof value === "object" && typeof value.toJS === "function";
  }

  function isList(value) {
    return isCollection(value) && typeof value.push === "function";
  }

  function isBlank(value) {
    if (typeof value === "string") {
      return value.trim() === "";
    }
    return isCollection(value) && !isList(value) && value.size === 0;
  }

  function withoutBlanks(value) {
    if (!isCollection(value)) {
      return value;
    }
    return value.map(withoutBlanks).filter(function (item) {
      return !isBlank(item);
    });
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return withoutBlanks(event.entry.get("data"));
    },
  });
})();
