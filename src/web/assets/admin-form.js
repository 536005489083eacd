// Admin forms: bring the error summary into focus after a rejected submit, and ask before
// submitting forms that destroy something (marked with data-confirm).
document.querySelector('[data-error-summary]')?.focus();
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
