"""Built-in rules, one module per family: the code's family names the module.

PL0 frontmatter · PL1 schema · PL2 dates · PL3 vocabulary · PL4 links · PL5 html · PL6 corpus
"""
