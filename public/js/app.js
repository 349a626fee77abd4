// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add('js-enabled');
document.addEventListener('DOMContentLoaded', function () {
  // GOV.UK pattern: move focus to the error summary so screen-reader users hear what to fix.
  var summary = document.querySelector('[data-module="error-summary"]');
  if (summary) summary.focus();
  // Receipt: copy the tracking code, print the receipt (the buttons stay hidden without JavaScript).
  document.querySelectorAll('[data-copy]').forEach(function (btn) {
    var target = document.getElementById(btn.getAttribute('data-copy'));
    if (!target || !navigator.clipboard) return;
    btn.hidden = false;
    btn.addEventListener('click', function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        btn.textContent = btn.getAttribute('data-copied');
      });
    });
  });
  document.querySelectorAll('[data-print]').forEach(function (btn) {
    btn.hidden = false;
    btn.addEventListener('click', function () { window.print(); });
  });
  // Prevent double submission: disable the submit button after the first click.
  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    form.addEventListener('submit', function () {
      var btn = form.querySelector('button[type="submit"]');
      if (btn) setTimeout(function () { btn.disabled = true; }, 0);
    });
  });
});
