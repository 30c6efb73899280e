/** A problem in a rules/ file, located as precisely as possible (file, line, rule, field). */
export class RuleFileError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly where: { ruleId?: string; field?: string; line?: number } = {},
  ) {
    const parts = [where.line !== undefined ? `${file}:${where.line}` : file];
    if (where.ruleId) parts.push(`rule "${where.ruleId}"`);
    if (where.field) parts.push(`field "${where.field}"`);
    super(`${parts.join(', ')}: ${detail}`);
    this.name = 'RuleFileError';
  }
}
