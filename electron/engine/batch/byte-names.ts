/**
 * File names that are not UTF-8 (Linux allows any bytes but '/' and NUL). Node decodes such a name
 * into a string with U+FFFD in place of each bad byte, so two different files can get the same
 * name, and that name opens neither. The batch reads names as bytes and turns them into strings
 * losslessly, the way Python's "surrogateescape" does: a byte that is not part of valid UTF-8
 * becomes the lone surrogate U+DC80–U+DCFF. Valid UTF-8 never decodes to a lone surrogate, so the
 * mapping is one-to-one, a valid name is its usual string (index keys of earlier runs still
 * match), and JSON writes the escape as "\udcff", plain ASCII in the index.
 */

const strict = new TextDecoder('utf-8', { fatal: true });

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 A0..), no UTF-16 surrogates (ED 80..9F only).
    const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** A file name's bytes as a string, each byte outside valid UTF-8 as U+DC80–U+DCFF. */
export function decodeName(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    // Not UTF-8: escape byte by byte below.
  }
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]!);
      i++;
    } else {
      out += strict.decode(bytes.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

/** Whether a string holds an escaped byte (so it needs encodeName to become a path again). */
export function hasEscapes(name: string): boolean {
  // With the u flag a surrogate pair is one code point, so only lone (escape) surrogates match.
  return /[\udc80-\udcff]/u.test(name);
}

/** The bytes behind a decodeName string: escaped bytes back as themselves, the rest as UTF-8. */
export function encodeName(name: string): Buffer {
  const parts: Buffer[] = [];
  let run = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const paired = c >= 0xd800 && c <= 0xdbff && i + 1 < name.length && name.charCodeAt(i + 1) >= 0xdc00 && name.charCodeAt(i + 1) <= 0xdfff;
    if (paired) {
      run += name[i]! + name[i + 1]!;
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(run, 'utf8'), Buffer.of(c - 0xdc00));
      run = '';
    } else {
      run += name[i]!;
    }
  }
  parts.push(Buffer.from(run, 'utf8'));
  return Buffer.concat(parts);
}

/** A path for the file system: the string itself when it is plain text, else its bytes. */
export function fsPath(path: string): string | Buffer {
  return hasEscapes(path) ? encodeName(path) : path;
}
