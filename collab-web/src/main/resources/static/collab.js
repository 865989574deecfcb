// Small enhancements; every screen works without them (the server does the same on submit).
(function () {
  'use strict';
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  // Delegates table: one checkbox marks or unmarks every row.
  var selectAll = document.getElementById('select-all');
  if (selectAll) {
    var rows = all('#delegates input.select');
    var sync = function () {
      var marked = rows.filter(function (r) { return r.checked; }).length;
      selectAll.checked = marked > 0 && marked === rows.length;
      selectAll.indeterminate = marked > 0 && marked < rows.length;
    };
    selectAll.addEventListener('change', function () {
      rows.forEach(function (r) { r.checked = selectAll.checked; });
    });
    rows.forEach(function (r) { r.addEventListener('change', sync); });
    sync();
  }

  // Invite step 2: "Alle auswählen" ticks every visible customer here instead of a round trip.
  var selectCustomers = document.getElementById('select-all-customers');
  if (selectCustomers) {
    selectCustomers.addEventListener('click', function (event) {
      event.preventDefault();
      all('#customer-list li').forEach(function (li) {
        if (!li.hidden) { li.querySelector('input.customer').checked = true; }
      });
    });
  }

  // Filter boxes: hide the entries whose data-name does not contain the typed text.
  all('input[data-filter]').forEach(function (box) {
    var items = all(box.getAttribute('data-filter'));
    box.addEventListener('input', function () {
      var wanted = box.value.trim().toLowerCase();
      items.forEach(function (item) {
        item.hidden = wanted !== '' && (item.getAttribute('data-name') || '').indexOf(wanted) < 0;
      });
    });
  });
}());
