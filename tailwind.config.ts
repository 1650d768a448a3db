// Tailwind v4 reads its theme from CSS (app/globals.css, `@theme`); this file exists so editors
// and shadcn/ui tooling find the content globs and the dark-mode strategy.
const config = {
  darkMode: "class",
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}", "./lib/**/*.{ts,tsx}"],
};

export default config;
