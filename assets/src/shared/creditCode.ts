// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** null when valid, else the Chinese reason. */
export function creditCodeError(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  if (!code) return '请填写统一社会信用代码';
  if (code.length !== 18) return `统一社会信用代码应为18位，当前${code.length}位`;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARS.indexOf(code[i]);
    if (v < 0) return `第${i + 1}位“${code[i]}”不是有效字符（不含 I、O、Z、S、V）`;
    sum += v * WEIGHTS[i];
  }
  const check = CHARS[(31 - (sum % 31)) % 31];
  if (code[17] !== check) return '校验位不正确，请核对统一社会信用代码';
  return null;
}
