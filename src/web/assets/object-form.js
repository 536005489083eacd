// Object form: an "add a row" button under each repeated group (materials, measurements, makers…).
// Without JavaScript the form shows a spare row, and another one after each save.
for (const group of document.querySelectorAll('[data-rows]')) {
  const name = group.dataset.rows;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary add-row';
  button.textContent = group.dataset.addLabel;
  button.addEventListener('click', () => {
    const rows = group.querySelectorAll('[data-row]');
    const last = rows[rows.length - 1];
    const from = last.dataset.row;
    const to = String(Number(from) + 1);
    const row = last.cloneNode(true);
    row.dataset.row = to;
    const swap = (value, separator) => value.split(`${name}${separator}${from}`).join(`${name}${separator}${to}`);
    for (const element of row.querySelectorAll('[name]')) element.name = swap(element.name, '.');
    for (const attribute of ['id', 'for', 'aria-describedby']) {
      for (const element of row.querySelectorAll(`[${attribute}]`)) element.setAttribute(attribute, swap(element.getAttribute(attribute), '-'));
    }
    for (const error of row.querySelectorAll('.field-error')) error.remove();
    for (const element of row.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
    for (const input of row.querySelectorAll('input')) {
      input.removeAttribute('value');
      input.value = '';
    }
    const legend = row.querySelector('legend');
    if (legend) legend.textContent = group.dataset.rowLabel.replace('9999', String(Number(to) + 1));
    last.after(row);
    row.querySelector('input, select')?.focus();
  });
  group.after(button);
}
