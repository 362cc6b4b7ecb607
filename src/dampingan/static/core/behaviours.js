// Small page behaviours, kept out of the HTML so that the Content-Security-Policy allows no inline script
// (core/middleware.py). Each one is switched on by a data attribute.
document.addEventListener("DOMContentLoaded", () => {
  // A link to #some-id opens the folded <details> it points at (the baseline's "add a problem" forms).
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.tagName === "DETAILS") target.open = true;
});
document.addEventListener("click", (event) => {
  const print = event.target.closest("[data-print]");
  if (print) window.print();
  const asking = event.target.closest("[data-confirm]");
  if (asking && !window.confirm(asking.dataset.confirm)) event.preventDefault();
});
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
