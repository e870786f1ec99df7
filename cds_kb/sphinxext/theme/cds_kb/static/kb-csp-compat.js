/* Sphinx's doctools.js compiles the catalog's plural rule with `new Function`, which the
   site's Content Security Policy (no 'unsafe-eval') blocks: the French build would throw
   when its translations load. This replaces addTranslations with the rules written out,
   keyed by the plural_expr of translations.js (tests/test_quality.py checks that the
   build's rule is here). Loaded after doctools.js, before translations.js. */
"use strict";
(() => {
  const PLURAL_RULES = {
    "(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2": (n) =>
      n === 0 || n === 1 ? 0 : n !== 0 && n % 1000000 === 0 ? 1 : 2,
    "(n > 1)": (n) => (n > 1 ? 1 : 0),
    "(n != 1)": (n) => (n !== 1 ? 1 : 0),
  };
  Documentation.addTranslations = (catalog) => {
    Object.assign(Documentation.TRANSLATIONS, catalog.messages);
    Documentation.PLURAL_EXPR = PLURAL_RULES[catalog.plural_expr] || ((n) => (n === 1 ? 0 : 1));
    Documentation.LOCALE = catalog.locale;
  };
})();
