// The HCL syntax tree the Terraform loader evaluates: the subset of HCL native syntax that IAM code uses, every
// node with its place in the .tf file (hcl2json, which validates the files, keeps no positions).
import type { SourceLocation } from '../../model.js';

/** A literal piece of a template, with where its characters are in the file (escapes are their own pieces). */
export interface TemplateLiteral {
  readonly text: string;
  readonly offset: number;
  /** True when `text` is the raw characters (1:1 with the file); false for an escape sequence. */
  readonly exact: boolean;
}

export type Expr =
  | { readonly t: 'literal'; readonly value: string | number | boolean | null; readonly loc: SourceLocation }
  | { readonly t: 'template'; readonly parts: readonly (TemplateLiteral | Expr)[]; readonly loc: SourceLocation; readonly directive: boolean }
  | { readonly t: 'tuple'; readonly items: readonly Expr[]; readonly loc: SourceLocation }
  | { readonly t: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[]; readonly loc: SourceLocation }
  | { readonly t: 'variable'; readonly name: string; readonly loc: SourceLocation }
  | { readonly t: 'getattr'; readonly target: Expr; readonly name: string; readonly loc: SourceLocation }
  | { readonly t: 'index'; readonly target: Expr; readonly key: Expr; readonly loc: SourceLocation }
  | { readonly t: 'splat'; readonly target: Expr; readonly loc: SourceLocation }
  | { readonly t: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean; readonly loc: SourceLocation }
  | { readonly t: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr; readonly loc: SourceLocation }
  | { readonly t: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly loc: SourceLocation }
  | { readonly t: 'unary'; readonly op: string; readonly operand: Expr; readonly loc: SourceLocation }
  | { readonly t: 'opaque'; readonly what: string; readonly loc: SourceLocation };

export interface Attribute {
  readonly name: string;
  readonly expr: Expr;
  /** The attribute name's position. */
  readonly loc: SourceLocation;
}

export interface Block {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: Body;
  readonly loc: SourceLocation;
  /** 0-based line index of the block's first line (for comment suppressions above it). */
  readonly line: number;
}

export interface Body {
  readonly attributes: ReadonlyMap<string, Attribute>;
  readonly blocks: readonly Block[];
}
