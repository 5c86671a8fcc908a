"""Prompts shared by the research assistant."""
import textwrap

STYLE_GUIDE = textwrap.dedent("""
    ## Sources
    When writing a research brief, apply rule 1: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Citations
    When writing a research brief, apply rule 2: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Tone
    When writing a research brief, apply rule 3: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Structure
    When writing a research brief, apply rule 4: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Numbers
    When writing a research brief, apply rule 5: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Uncertainty
    When writing a research brief, apply rule 6: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Length
    When writing a research brief, apply rule 7: prefer primary sources, name each source with its date and publisher, separate what a source says from what you infer, give figures with their units and the year they describe, say plainly when sources disagree and why, and keep each paragraph to one claim with its evidence. Write for a reader who knows the field but not this question.
    
    ## Quotes
    For quotes, apply rule 8: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Charts
    For charts, apply rule 9: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Summaries
    For summaries, apply rule 10: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Risks
    For risks, apply rule 11: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Next steps
    For next steps, apply rule 12: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Glossary
    For glossary, apply rule 13: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
    
    ## Review
    For review, apply rule 14: keep the reader's decision in view, state the strongest counter-argument before you answer it, give a range rather than a point estimate when the evidence is thin, and end the section with what would change your conclusion. Avoid jargon the reader would have to look up; define a term the first time it appears.
""").strip()

BRIEF_TEMPLATE = "Write a brief for {audience} on: {topic}"
