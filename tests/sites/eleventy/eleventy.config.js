import markdownItAnchor from "markdown-it-anchor";

export default function (eleventyConfig) {
  eleventyConfig.amendLibrary("md", (md) => md.use(markdownItAnchor));
}

export const config = {
  markdownTemplateEngine: "njk",
  dir: { input: "src", output: "_site" },
};
