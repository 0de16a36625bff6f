/** Guidelines as written: paragraphs split on blank lines, single line breaks kept. */
export function GuidelinesText({ text, id }: { text: string; id?: string }) {
  const paragraphs = text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
  return (
    <div className="guidelines" id={id}>
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}
