"""What the pages and reports show: the filters a page is read with, the cached evaluation of every measure in a
period, and the exceptions report. Built on the performance rules, SPC and the viewer's scope."""
