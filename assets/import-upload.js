// dcc.Upload renders a file input with no label or props of its own: name it for assistive technology.
(function () {
    function labelUploads() {
        document.querySelectorAll("#import-upload input[type=file]:not([aria-label])").forEach(function (input) {
            input.setAttribute("aria-label", "File to import (CSV or Excel)");
        });
    }
    new MutationObserver(labelUploads).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", labelUploads);
})();
