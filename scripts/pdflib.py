"""Writing deterministic Vietnamese PDFs with reportlab and an embedded DejaVu subset, for the
project's generators (gen_pdf_fixtures.py, gen_bench_pdf.py)."""
import os

from reportlab import rl_config
rl_config.invariant = 1
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

FONTS = "/usr/share/fonts/truetype/dejavu"
pdfmetrics.registerFont(TTFont("DejaVu", os.path.join(FONTS, "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", os.path.join(FONTS, "DejaVuSans-Bold.ttf")))

WORDS = """cộng hòa xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc quyết định thông tư nghị định
công văn ủy ban nhân dân sở ban ngành cán bộ công chức viên chức ngân sách kế hoạch báo cáo tổng
hợp đề xuất phê duyệt triển khai thực hiện kiểm tra giám sát đánh giá kết quả trường học bệnh viện
đường phố người dân quyền lợi nghĩa vụ trách nhiệm hướng dẫn điều khoản thi hành""".split()


def wrap(text, font, size, width):
    lines, line = [], ""
    for word in text.split():
        trial = (line + " " + word).strip()
        if pdfmetrics.stringWidth(trial, font, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def document(path, blocks):
    """blocks: list of (kind, text): kind 'h' heading (16 pt bold) or 'p' paragraph (11 pt)."""
    c = canvas.Canvas(path, pagesize=A4, invariant=1)
    width, height = A4
    y = height - 72
    for kind, text in blocks:
        font, size, lead = ("DejaVu-Bold", 16, 22) if kind == "h" else ("DejaVu", 11, 14)
        lines = wrap(text, font, size, width - 144)
        if y - lead * len(lines) < 72:
            c.showPage()
            y = height - 72
        for line in lines:
            c.setFont(font, size)
            c.drawString(72, y, line)
            y -= lead
        y -= 10
    c.save()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


