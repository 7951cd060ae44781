import { checkpointText, cosign, parseCheckpoint, verifyCosignature } from './checkpoint';
import { leafHash, rootOfLeafHashes } from './merkle';
import {
  COSIGNATURE_TYPE,
  encodeSignerKey,
  encodeVerifierKey,
  generateSigner,
  keyId,
  NoteError,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './signed-note';

// The example of Go's golang.org/x/mod/sumdb/note package: Ed25519 is deterministic, so signing must reproduce it.
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('C2SP signed-note', () => {
  it('signs and verifies exactly as Go’s sumdb note does', () => {
    const signer = parseSignerKey(GO_SIGNER);
    expect(encodeVerifierKey(signer)).toBe(GO_VERIFIER);
    expect(encodeSignerKey(signer)).toBe(GO_SIGNER);
    expect(signNote(GO_TEXT, [signer])).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, parseVerifierKey(GO_VERIFIER)).text).toBe(GO_TEXT);
  });

  it('derives the key id from the name, the type byte and the key', () => {
    const signer = parseSignerKey(GO_SIGNER);
    expect(keyId('PeterNeumann', 0x01, signer.publicKey).toString('hex')).toBe('c74f20a3');
    expect(keyId('PeterNeumann', COSIGNATURE_TYPE, signer.publicKey).toString('hex')).not.toBe('c74f20a3');
  });

  it('refuses a changed text, a changed signature and a note signed by someone else', () => {
    const key = parseVerifierKey(GO_VERIFIER);
    expect(() => openNote(GO_NOTE.replace('answer', 'question'), key)).toThrow(/does not verify/);
    expect(() => openNote(GO_NOTE.replace('x08go/ZJ', 'x08go/ZK'), key)).toThrow(/does not verify/);
    const other = generateSigner('PeterNeumann');
    expect(() => openNote(signNote(GO_TEXT, [other]), key)).toThrow(/not signed by PeterNeumann/);
    // A second signature by an unknown key is allowed alongside.
    expect(openNote(`${GO_NOTE.slice(0, -1)}\n${signNote(GO_TEXT, [other]).split('\n\n')[1]}`, key).signatures).toHaveLength(2);
  });

  it.each([
    ['no blank line', GO_TEXT],
    ['no final newline', GO_NOTE.slice(0, -1)],
    ['a line that is not a signature', `${GO_TEXT}\nhello\n`],
    ['a signature without the em dash', `${GO_TEXT}\n- PeterNeumann x08go/ZJ\n`],
    ['a name with a plus', `${GO_TEXT}\n— Peter+Neumann x08go/ZJkuBS9UG/Sffc\n`],
    ['non-canonical base64', `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/Sffc=\n`],
  ])('refuses a malformed note: %s', (_what, note) => {
    expect(() => parseNote(note)).toThrow(NoteError);
  });

  it.each([
    ['a wrong key id', GO_VERIFIER.replace('c74f20a3', 'c74f20a4')],
    ['a short key', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10'],
    ['an unknown type', 'PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['two parts', 'PeterNeumann+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('refuses a verifier key with %s', (_what, text) => {
    expect(() => parseVerifierKey(text)).toThrow(NoteError);
  });
});

describe('C2SP tlog-checkpoint and tlog-cosignature', () => {
  const root = rootOfLeafHashes([leafHash(Buffer.from('a')), leafHash(Buffer.from('b'))]);
  const checkpoint = { origin: 'hazchem.example/ledger', size: 2, root, extensions: [] };

  it('writes and reads the three lines back', () => {
    const text = checkpointText(checkpoint);
    expect(text).toBe(`hazchem.example/ledger\n2\n${root.toString('base64')}\n`);
    expect(parseCheckpoint(text)).toEqual(checkpoint);
    expect(parseCheckpoint(`${text}ext line\n`).extensions).toEqual(['ext line']);
  });

  it.each([
    ['a leading zero', 'o\n02\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'],
    ['a short root', 'o\n2\nAAAA\n'],
    ['two lines', 'o\n2\n'],
    ['no final newline', 'o\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['an empty origin', '\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n'],
    ['an empty extension line', 'o\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n'],
  ])('refuses a checkpoint with %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(NoteError);
  });

  it('a witness cosigns the signed checkpoint; the log’s signature and the cosignature both verify', () => {
    const log = generateSigner('hazchem.example/ledger');
    const witness = generateSigner('bureau.example/w1', COSIGNATURE_TYPE);
    const note = signNote(checkpointText(checkpoint), [log]);
    const cosigned = note + cosign(checkpointText(checkpoint), witness, 1_765_000_000);
    const opened = openNote(cosigned, parseVerifierKey(encodeVerifierKey(log)));
    expect(verifyCosignature(opened, parseVerifierKey(encodeVerifierKey(witness)))).toBe(1_765_000_000);
    // The signed message is the spec's: header, time line, checkpoint.
    const line = cosign(checkpointText(checkpoint), witness, 7).split(' ')[2];
    expect(Buffer.from(line, 'base64').subarray(4, 12).readBigUInt64BE()).toBe(7n);
  });

  it('a cosignature does not carry over to another checkpoint, another time or another witness', () => {
    const log = generateSigner('hazchem.example/ledger');
    const witness = generateSigner('bureau.example/w1', COSIGNATURE_TYPE);
    const other = generateSigner('bureau.example/w2', COSIGNATURE_TYPE);
    const line = cosign(checkpointText(checkpoint), witness, 100);
    const forged = signNote(checkpointText({ ...checkpoint, size: 3 }), [log]) + line;
    expect(() => verifyCosignature(parseNote(forged), witness)).toThrow(/does not verify/);
    const bytes = Buffer.from(line.trim().split(' ')[2], 'base64');
    bytes.writeBigUInt64BE(101n, 4);
    const retimed = signNote(checkpointText(checkpoint), [log]) + `— bureau.example/w1 ${bytes.toString('base64')}\n`;
    expect(() => verifyCosignature(parseNote(retimed), witness)).toThrow(/does not verify/);
    expect(() => verifyCosignature(parseNote(signNote(checkpointText(checkpoint), [log]) + line), other)).toThrow(/no cosignature/);
    expect(() => cosign(checkpointText(checkpoint), log, 1)).toThrow(/type 0x04/);
  });
});
