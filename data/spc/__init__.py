"""Statistical process control: the XmR chart, variation and assurance, trend grains and the narrative."""
