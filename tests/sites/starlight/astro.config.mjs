// A small Starlight site: postlint's fixture (tests/test_doc_generators.py builds it).
import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";

export default defineConfig({
  site: "https://starlight.example.com",
  integrations: [starlight({ title: "Fixture" })],
});
