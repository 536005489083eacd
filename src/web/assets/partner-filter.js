// Progressive enhancement for the partner directory: filter the cards as the visitor types,
// without a round trip. The form still works without JavaScript, with the same matching rules.
const form = document.querySelector('[data-partner-filter]');
if (form) {
  const input = form.querySelector('input[name="q"]');
  const cards = [...document.querySelectorAll('[data-partner-card]')];
  const status = document.querySelector('[data-partner-count]');
  const empty = document.querySelector('[data-partner-empty]');
  const plural = new Intl.PluralRules(document.documentElement.lang);
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const apply = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const card of cards) {
      const visible = words.every((word) => card.dataset.search.includes(word));
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const section of document.querySelectorAll('[data-partner-group]')) {
      section.hidden = !section.querySelector('[data-partner-card]:not([hidden])');
    }
    if (status) {
      const template = plural.select(shown) === 'one' ? status.dataset.one : status.dataset.other;
      status.textContent = template.replace('{count}', String(shown));
    }
    if (empty) empty.hidden = shown > 0;
  };
  input.addEventListener('input', apply);
}
