"""Converts SQLite documentation pages (public domain) into Markdown for the sample app's knowledge base."""
import html, re, sys
from html.parser import HTMLParser

class Converter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []; self.skip = 0; self.stack = []; self.pre = False; self.title = None; self.in_title = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.skip:
            if tag == 'div': self.skip += 1
            return
        if tag in ('script', 'style'):
            self.skip_tag = tag; self.skip = 1; self.stack.append('skip'); return
        if tag == 'div' and ('nosearch' in (a.get('class') or '') or 'fancy_toc' in (a.get('class') or '')):
            self.skip = 1; return
        if tag == 'title': self.in_title = True
        if tag in ('h1','h2','h3','h4'):
            self.out.append('\n\n' + '#' * int(tag[1]) + ' ')
        elif tag in ('p','div','br','tr','blockquote'):
            self.out.append('\n\n' if tag != 'br' else '\n')
        elif tag == 'li':
            self.out.append('\n- ')
        elif tag == 'pre':
            self.pre = True; self.out.append('\n\n```\n')
        elif tag in ('td','th'):
            self.out.append(' | ')
    def handle_endtag(self, tag):
        if self.skip:
            if tag in ('script','style') and self.stack and self.stack[-1]=='skip':
                self.stack.pop(); self.skip = 0; return
            if tag == 'div':
                self.skip -= 1
            return
        if tag == 'title': self.in_title = False
        if tag == 'pre':
            self.pre = False; self.out.append('\n```\n\n')
        elif tag in ('h1','h2','h3','h4','p','ul','ol','table'):
            self.out.append('\n\n')
    def handle_data(self, data):
        if self.in_title: self.title = data.strip()
        if self.skip: return
        if self.pre: self.out.append(data)
        else: self.out.append(re.sub(r'\s+', ' ', data))

def convert(path):
    c = Converter(); c.feed(open(path, encoding='utf-8', errors='replace').read())
    text = ''.join(c.out)
    text = re.sub(r'[ \t]+\n', '\n', text); text = re.sub(r'\n{3,}', '\n\n', text)
    lines = [l.strip() if not l.startswith('    ') else l for l in text.split('\n')]
    text = '\n'.join(lines)
    text = re.sub(r'\n{3,}', '\n\n', text).strip()
    return c.title, text

if __name__ == '__main__':
    src, dst = sys.argv[1], sys.argv[2]
    title, text = convert(src)
    import os; name = os.path.basename(src)
    with open(dst, 'w') as f:
        f.write(f'---\ntitle: "{title}"\nsource: https://www.sqlite.org/{name}\nlicense: public domain (SQLite documentation)\n---\n\n# {title}\n\n{text}\n')
