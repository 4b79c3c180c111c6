// A small Docusaurus 3 site: postlint's fixture (tests/test_doc_generators.py builds it).
module.exports = {
  title: "Fixture",
  url: "https://docs.example.com",
  baseUrl: "/",
  onBrokenLinks: "warn",
  onBrokenAnchors: "warn",
  markdown: {
    hooks: {
      onBrokenMarkdownLinks: "warn",
    },
  },
  presets: [
    [
      "classic",
      {
        docs: {
          routeBasePath: "/docs",
          onInlineTags: "warn",
        },
        blog: {
          path: "blog",
          onInlineTags: "warn",
          onInlineAuthors: "warn",
          onUntruncatedBlogPosts: "ignore",
        },
      },
    ],
  ],
};
