/// One synthetic actor of the demo corpus: an espeak-ng voice and the statements it speaks.
///
/// The facts catalogued for each actor (gender, accent, language) live in
/// `Manifests/emovox-demo.yaml`; this table only says how to make the audio.
struct DemoVoice: Sendable {
    var actor: Int
    /// espeak-ng voice with variant, e.g. `en-us+m3`.
    var voice: String
    var isFemale: Bool
    /// Statement code (two digits, unique per language) → text.
    var statements: [(code: String, text: String)]

    static let english = [("01", "Kids are talking by the door"), ("02", "Dogs are sitting by the door")]
    static let german = [("03", "Die Kinder sprechen an der Tür"), ("04", "Die Hunde sitzen an der Tür")]
    static let french = [
        ("05", "Les enfants parlent près de la porte"), ("06", "Les chiens sont assis près de la porte"),
    ]
    static let spanish = [
        ("07", "Los niños hablan junto a la puerta"), ("08", "Los perros están sentados junto a la puerta"),
    ]

    static let all: [DemoVoice] = [
        DemoVoice(actor: 1, voice: "en-us+m3", isFemale: false, statements: english),
        DemoVoice(actor: 2, voice: "en-us+f2", isFemale: true, statements: english),
        DemoVoice(actor: 3, voice: "en-gb-x-rp+m1", isFemale: false, statements: english),
        DemoVoice(actor: 4, voice: "en-gb-scotland+f3", isFemale: true, statements: english),
        DemoVoice(actor: 5, voice: "en-029+m2", isFemale: false, statements: english),
        DemoVoice(actor: 6, voice: "de+f1", isFemale: true, statements: german),
        DemoVoice(actor: 7, voice: "fr-fr+m4", isFemale: false, statements: french),
        DemoVoice(actor: 8, voice: "es+f4", isFemale: true, statements: spanish),
    ]
}

/// How an emotion is rendered: offsets from the actor's neutral pitch, rate, loudness and word gap.
struct EmotionProsody: Sendable {
    /// RAVDESS emotion code.
    var code: String
    var pitch: Double
    var rate: Double
    var amplitude: Double
    var gap: Double

    static let all: [EmotionProsody] = [
        EmotionProsody(code: "01", pitch: 0, rate: 0, amplitude: 0, gap: 0),  // neutral
        EmotionProsody(code: "02", pitch: -8, rate: -30, amplitude: -20, gap: 2),  // calm
        EmotionProsody(code: "03", pitch: 15, rate: 15, amplitude: 20, gap: 0),  // happy
        EmotionProsody(code: "04", pitch: -15, rate: -45, amplitude: -30, gap: 4),  // sad
        EmotionProsody(code: "05", pitch: 5, rate: 25, amplitude: 60, gap: 0),  // angry
        EmotionProsody(code: "06", pitch: 25, rate: 35, amplitude: -10, gap: 1),  // fearful
        EmotionProsody(code: "07", pitch: -10, rate: -25, amplitude: 10, gap: 3),  // disgust
        EmotionProsody(code: "08", pitch: 30, rate: 5, amplitude: 40, gap: 0),  // surprised
    ]
}
