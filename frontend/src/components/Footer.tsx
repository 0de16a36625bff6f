import { HelpLink } from "../pages/crisis/HelpLink";

export function Footer() {
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          Peerway is peer support from people with lived experience. It is not an emergency service
          or a replacement for professional care.
        </p>
        <p>
          If you might be in danger, <HelpLink>see crisis lines and emergency numbers</HelpLink>.
        </p>
      </div>
    </footer>
  );
}
