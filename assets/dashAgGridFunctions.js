// Functions the dash-ag-grid tables name in their options ({"function": "csvSafeCell(params)"}); dash-ag-grid
// parses those expressions itself (no eval, so the content security policy holds).
// csvSafeCell: the directorate table's "Download CSV" writes text a spreadsheet would run as a formula (first
// character = + - @ tab CR) with a leading quote, as data/imports/formulas.py does for the exports (OWASP CSV
// injection); plain numbers such as -3.5 or -12% stay as they are.
(function () {
    var fns = window.dashAgGridFunctions = window.dashAgGridFunctions || {};
    var TRIGGERS = "=+-@\t\r";
    var NUMBER = /^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;
    function needsQuote(text) {
        if (!text) { return false; }
        if (TRIGGERS.indexOf(text.charAt(0)) >= 0) { return !NUMBER.test(text); }
        return text.charAt(0) === "'" && text.length > 1 &&
            (TRIGGERS.indexOf(text.charAt(1)) >= 0 || text.charAt(1) === "'");
    }
    fns.csvSafeCell = function (params) {
        var value = params.value;
        if (typeof value !== "string") { return value; }
        return needsQuote(value) ? "'" + value : value;
    };
}());
