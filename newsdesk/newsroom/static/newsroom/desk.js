// placeholder: filled by issue 15's work
