import ArgumentParser
import Foundation
import Tandem

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the review's digest to standard output (plain text or Markdown).",
        discussion: """
            Examples:
              tandem digest plan.yaml --actuals exports/ | mail -s "Smarketing review" team@example.com
              tandem digest plan.yaml --actuals exports/ --markdown > review.md
            """
    )

    @OptionGroup var input: ReviewInput

    @Flag(help: "Print Markdown instead of plain text.")
    var markdown = false

    @Flag(help: "Use ASCII instead of Unicode sparklines and symbols.")
    var ascii = false

    func run() throws {
        let loaded = try input.load()
        var reviews = [loaded.review]
        try input.attachFollowUp(to: &reviews, loaded: loaded, out: nil)
        let review = reviews[0]
        let options = DigestOptions(ascii: ascii)
        StandardOutput.write(
            markdown ? MarkdownDigest(options: options).render(review) : TextDigest(options: options).render(review),
            terminator: "")
    }
}
