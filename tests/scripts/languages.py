"""Sessions written in other scripts, made in the test run: every text of a session in one language."""
from __future__ import annotations

from tests.sessions import session

# Per language: its BCP 47 tag, then phrases (a title, a dilemma, options, a question, a point, ...).
PHRASES = {
    "ar": ("ar-MA", "النزاهة على وسائل التواصل الاجتماعي",
           "يرسل لك رئيسك طلب صداقة على فيسبوك. ماذا تفعل؟",
           ["تقبل الطلب لأنك تشعر بالحرج.", "تتجاهل الطلب بهدوء.", "تتحدث معه عن ذلك غدا."],
           "ما هي وسائل التواصل التي تستخدمها؟", "احذر من نشر الصور."),
    "he": ("he-IL", "יושרה ברשתות החברתיות",
           "המנהלת שלך שולחת לך בקשת חברות בפייסבוק. מה אתה עושה?",
           ["אתה מקבל את הבקשה.", "אתה מתעלם מהבקשה בשקט.", "אתה מדבר איתה על זה מחר."],
           "באילו רשתות אתה משתמש?", "היזהר בפרסום תמונות."),
    "zh": ("zh-CN", "社交媒体上的诚信",
           "你的上司在脸书上给你发了好友请求。你会怎么做？",
           ["你接受请求，因为你觉得不好意思拒绝。", "你悄悄地忽略这个请求。", "你明天当面和她谈这件事。"],
           "你在什么场合使用哪些社交媒体？", "发布照片之前要三思。"),
    "ja": ("ja-JP", "ソーシャルメディアでの誠実さ",
           "上司がフェイスブックで友達申請を送ってきました。あなたはどうしますか？",
           ["断りにくいので申請を承認する。", "申請を黙って無視する。", "明日、直接そのことを話す。"],
           "どのソーシャルメディアを何に使っていますか？", "写真を投稿する前によく考えましょう。"),
    "ko": ("ko-KR", "소셜 미디어에서의 청렴",
           "상사가 페이스북에서 친구 요청을 보냈습니다. 어떻게 하시겠습니까?",
           ["거절하기 어려워서 요청을 수락합니다.", "요청을 조용히 무시합니다.", "내일 직접 이야기합니다."],
           "어떤 소셜 미디어를 무엇에 사용합니까?", "사진을 올리기 전에 잘 생각하세요."),
    "el": ("el-GR", "Ακεραιότητα στα μέσα κοινωνικής δικτύωσης",
           "Η προϊσταμένη σου σού στέλνει αίτημα φιλίας στο Facebook. Τι κάνεις;",
           ["Αποδέχεσαι το αίτημα.", "Αγνοείς το αίτημα σιωπηλά.", "Της μιλάς γι' αυτό αύριο."],
           "Ποια μέσα χρησιμοποιείς και για τι;", "Σκέψου πριν δημοσιεύσεις φωτογραφίες."),
    "uk": ("uk-UA", "Доброчесність у соціальних мережах",
           "Твоя керівниця надсилає тобі запит на дружбу у Фейсбуці. Що ти робиш?",
           ["Ти приймаєш запит.", "Ти мовчки ігноруєш запит.", "Ти говориш з нею про це завтра."],
           "Якими соціальними мережами ти користуєшся?", "Подумай, перш ніж публікувати фото."),
    "tr": ("tr-TR", "Sosyal medyada dürüstlük",
           "Yöneticin sana Facebook'ta arkadaşlık isteği gönderiyor. Ne yaparsın?",
           ["İsteği kabul edersin çünkü reddetmek zor gelir.", "İsteği sessizce görmezden gelirsin.",
            "Yarın onunla bu konuyu konuşursun."],
           "Hangi sosyal medyayı ne için kullanıyorsun?", "Fotoğraf paylaşmadan önce düşün."),
}


def scripted(language: str) -> dict:
    """A session whose every text is in language (a key of PHRASES), tagged with its locale."""
    tag, title, dilemma, options, question, point = PHRASES[language]
    data = session(clusters=2, cases=1, groups=2, each=1, dilemma=dilemma, options=len(options))
    data["session"].update(title=title, language=tag, subtitle=point)
    data["documents"][0].update(title=title, summary=point, quotes={"kern": dilemma})
    for c, cluster in enumerate(data["clusters"]):
        cluster["title"] = f"{title} {c + 1}"
        for case in cluster["cases"]:
            case["options"] = {f"o{n}": text for n, text in enumerate(options)}
            case.update(questions={"vraag": question}, tension=point, notes=question)
    for block in data["agenda"]:
        for name in ("title", "notes", "instructions", "text"):
            if name in block:
                block[name] = point if name != "title" else title
        if "points" in block:
            block["points"] = {key: point for key in block["points"]}
    return data


def words(data: dict) -> list[str]:
    """Every text of a session, as the words a reader should find on the page."""
    found: list[str] = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("id", "language", "kind", "documents", "quotes") or isinstance(v, dict):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in ("id", "language", "kind"):
            found.append(value)
    walk(data)
    return found
