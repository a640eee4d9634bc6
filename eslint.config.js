// @ts-check
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".data/", "dist/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      // Actions are called through their contracts, typed; lib/contract.ts alone calls by name.
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='call'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          message: "Call actions through call(ctx, contract.action, params) (lib/contract.ts)",
        },
      ],
    },
  },
);
