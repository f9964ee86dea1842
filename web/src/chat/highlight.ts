import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';
import type { ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';

// Loaded on demand (CodeBlock imports this module dynamically): the grammars are most of its weight and only an
// answer with code needs them. The languages answers use most; others are shown plain.
const lowlight = createLowlight({ bash, c, cpp, csharp, css, diff, go, java, javascript, json, python, rust, sql, typescript, xml, yaml });
lowlight.registerAlias({ bash: ['sh', 'shell', 'zsh'], csharp: ['cs', 'c#'], javascript: ['js', 'jsx'], typescript: ['ts', 'tsx'], xml: ['html'], yaml: ['yml'], python: ['py'] });

/**
 * Code as highlighted React elements. lowlight produces a syntax tree, not HTML, so nothing is injected: the code
 * stays text, whatever it contains.
 */
export function highlight(code: string, language: string | null): ReactNode {
  const tree = language && lowlight.registered(language) ? lowlight.highlight(language, code) : lowlight.highlightAuto(code);
  return toJsxRuntime(tree, { Fragment, jsx, jsxs });
}
