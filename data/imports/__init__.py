"""Getting figures in and out: reading sheets, recognising layouts, checking and storing all or nothing, exporting to the template."""
