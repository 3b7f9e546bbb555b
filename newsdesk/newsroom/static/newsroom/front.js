// Arranging a front page: drag a story to its place, or move it with the arrow keys on
// its handle; either sends the new order with the page's plain reorder form. Without
// this script the up and down buttons do the same, one step at a time.
(function () {
  "use strict";

  function submitOrder(list) {
    var form = document.getElementById(list.dataset.reorderForm);
    var ids = Array.prototype.map.call(list.children, function (item) {
      return item.dataset.article;
    });
    form.elements.order.value = ids.join(",");
    form.submit();
  }

  function enhance(list) {
    var dragged = null;
    Array.prototype.forEach.call(list.children, function (item) {
      item.draggable = true;
      var handle = document.createElement("button");
      handle.type = "button";
      handle.className = "front-handle";
      handle.textContent = "\u2195";
      handle.setAttribute("aria-label", list.dataset.handleLabel + ": " +
        item.querySelector(".front-headline").textContent);
      item.insertBefore(handle, item.firstChild);
      handle.addEventListener("keydown", function (event) {
        if (event.key === "ArrowUp" && item.previousElementSibling) {
          list.insertBefore(item, item.previousElementSibling);
        } else if (event.key === "ArrowDown" && item.nextElementSibling) {
          list.insertBefore(item.nextElementSibling, item);
        } else {
          return;
        }
        event.preventDefault();
        handle.focus();
        submitOrder(list);
      });
      item.addEventListener("dragstart", function (event) {
        dragged = item;
        item.classList.add("is-dragged");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.article);
      });
      item.addEventListener("dragend", function () {
        item.classList.remove("is-dragged");
        dragged = null;
      });
      item.addEventListener("dragover", function (event) {
        if (dragged && dragged !== item) {
          event.preventDefault();
          event.dataTransfer.dropEffect = "move";
        }
      });
      item.addEventListener("drop", function (event) {
        if (!dragged || dragged === item) {
          return;
        }
        event.preventDefault();
        var box = item.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? item.nextElementSibling : item);
        submitOrder(list);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("ol[data-reorder-form]").forEach(enhance);
  });
})();
