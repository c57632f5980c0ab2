// dcc.Upload renders a file input with no label or props of its own: name it for assistive technology.
(function () {
    var names = {
        "import-upload": "File to import (CSV or Excel)",
        "workbench-bench-upload": "Benchmark file to import (CSV or Excel)",
        "workbench-group-upload": "Comparator group file (CSV of area codes)"
    };
    function labelUploads() {
        Object.keys(names).forEach(function (id) {
            document.querySelectorAll("#" + id + " input[type=file]:not([aria-label])").forEach(function (input) {
                input.setAttribute("aria-label", names[id]);
            });
        });
    }
    new MutationObserver(labelUploads).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", labelUploads);
})();
