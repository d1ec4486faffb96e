"""Reads Tandem's .eml the way a mail client does, with Python's `email` parser: the text part is
the .txt digest byte for byte (in MIME's canonical CRLF line endings), the HTML part is the .html,
the workbook attached is the .xlsx; the message has a sender, recipients and a subject, no Date
taken from the clock, and lines within RFC 5322's limit. Run by `make test`.

usage: check_mail.py EML TXT HTML XLSX
"""
import email
import email.policy
import sys


def fail(message):
    print(f"check_mail: FAIL: {message}")
    sys.exit(1)


def main(eml_path, txt_path, html_path, xlsx_path):
    raw = open(eml_path, "rb").read()
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 998:
            fail(f"{eml_path}:{n}: a line of {len(line)} bytes (RFC 5322 allows 998)")
        if b"\n" in line or b"\r" in line:
            fail(f"{eml_path}:{n}: a bare line feed or carriage return")
        if any(b > 0x7E for b in line):
            fail(f"{eml_path}:{n}: a byte outside 7-bit ASCII")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if message.defects:
        fail(f"{eml_path}: parser defects {message.defects}")
    for header in ("From", "To", "Subject", "Message-ID", "MIME-Version"):
        if not message[header]:
            fail(f"{eml_path}: no {header} header")
    if message["Date"] is not None:
        fail(f"{eml_path}: a Date header ({message['Date']}): the .eml must be byte-reproducible")
    sender = message["From"].addresses
    recipients = message["To"].addresses
    if len(sender) != 1 or not sender[0].domain or not recipients:
        fail(f"{eml_path}: From {message['From']!r}, To {message['To']!r}")
    if message.get_content_type() != "multipart/mixed":
        fail(f"{eml_path}: top-level type {message.get_content_type()}, expected multipart/mixed")

    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    if text is None or html is None:
        fail(f"{eml_path}: no text or no HTML part")
    if text.get_content_charset() != "utf-8" or html.get_content_charset() != "utf-8":
        fail(f"{eml_path}: parts are not UTF-8")
    for part in (text, html):
        if part.defects:
            fail(f"{eml_path}: defects in the {part.get_content_type()} part: {part.defects}")
    text_bytes = text.get_payload(decode=True)
    txt = open(txt_path, "rb").read()
    if text_bytes.replace(b"\r\n", b"\n") != txt:
        fail(f"{eml_path}: the text part differs from {txt_path}")
    if b"\n" in text_bytes.replace(b"\r\n", b""):
        fail(f"{eml_path}: the text part has bare line feeds")
    if html.get_payload(decode=True).replace(b"\r\n", b"\n") != open(html_path, "rb").read():
        fail(f"{eml_path}: the HTML part differs from {html_path}")
    if text.get_content() != txt.decode("utf-8") and text.get_content().replace("\r\n", "\n") != txt.decode("utf-8"):
        fail(f"{eml_path}: the text part does not decode to the digest")

    attachments = list(message.iter_attachments())
    if len(attachments) != 1:
        fail(f"{eml_path}: {len(attachments)} attachments, expected the workbook")
    workbook = attachments[0]
    name = xlsx_path.rsplit("/", 1)[-1]
    if workbook.get_filename() != name:
        fail(f"{eml_path}: attachment named {workbook.get_filename()!r}, expected {name!r}")
    if workbook.get_content_type() != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        fail(f"{eml_path}: attachment type {workbook.get_content_type()}")
    if workbook.get_payload(decode=True) != open(xlsx_path, "rb").read():
        fail(f"{eml_path}: the attached workbook differs from {xlsx_path}")
    print(f"check_mail: ok: {eml_path} ({len(raw):,} bytes): {message['Subject']!r}, from {sender[0]}, "
          f"to {len(recipients)}; text part = {txt_path} ({len(txt):,} bytes), HTML part = {html_path}, "
          f"workbook attached")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    main(*sys.argv[1:])
