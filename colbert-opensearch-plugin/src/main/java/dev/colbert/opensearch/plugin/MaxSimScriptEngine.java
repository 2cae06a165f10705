package dev.colbert.opensearch.plugin;

import java.util.Map;
import java.util.Set;

import org.opensearch.script.ScoreScript;
import org.opensearch.script.ScriptContext;
import org.opensearch.script.ScriptEngine;

import dev.colbert.opensearch.codes.MaxSimScript;

/**
 * The script engine of language {@value MaxSimScript#LANG}: one script, {@value MaxSimScript#SOURCE}, in the score
 * context ({@code script_score}, and so a {@code rescore} query).
 */
final class MaxSimScriptEngine implements ScriptEngine {

	private final ShardCodecs codecs;

	MaxSimScriptEngine(ShardCodecs codecs) {
		this.codecs = codecs;
	}

	@Override
	public String getType() {
		return MaxSimScript.LANG;
	}

	@Override
	public <T> T compile(String name, String code, ScriptContext<T> context, Map<String, String> options) {
		if (!context.equals(ScoreScript.CONTEXT)) {
			throw new IllegalArgumentException("the " + MaxSimScript.LANG + " script language only scores documents "
					+ "(script_score or rescore); it cannot be used in the " + context.name + " context");
		}
		if (!MaxSimScript.SOURCE.equals(code)) {
			throw new IllegalArgumentException("unknown " + MaxSimScript.LANG + " script '" + code + "': the one "
					+ "script is '" + MaxSimScript.SOURCE + "'");
		}
		return context.factoryClazz.cast(new MaxSimScoreFactory(this.codecs));
	}

	@Override
	public Set<ScriptContext<?>> getSupportedContexts() {
		return Set.of(ScoreScript.CONTEXT);
	}

}
