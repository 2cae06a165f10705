package dev.colbert.util;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLogTests {

	private final Logger logger = (Logger) LoggerFactory.getLogger(ProgressLogTests.class);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	@BeforeEach
	void capture() {
		this.logger.setLevel(Level.DEBUG);
		this.events.start();
		this.logger.addAppender(this.events);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.events);
	}

	@Test
	void logsRateAndEtaEveryIntervalAndTheSummaryAtInfo() {
		List<Long> seen = new ArrayList<>();
		ProgressLog progress = new ProgressLog(this.logger, "Encoding", "docs", 10, 0).onUpdate(seen::add);
		progress.update(4);
		progress.done();
		assertThat(seen).containsExactly(4L, 10L);
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO, Level.INFO);
		assertThat(this.events.list.get(0).getFormattedMessage()).startsWith("Encoding: 4/10 docs (").contains("ETA");
		assertThat(this.events.list.get(1).getFormattedMessage()).startsWith("Encoding: 10 docs in ");
	}

	@Test
	void quietWhenShortLogsTheSummaryOfShortWorkAtDebug() {
		ProgressLog progress = new ProgressLog(this.logger, "Adding", "docs", 3, Long.MAX_VALUE).quietWhenShort();
		progress.update(3);
		progress.done();
		assertThat(progress.isLong()).isFalse();
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
		assertThat(this.events.list.get(0).getFormattedMessage()).startsWith("Adding: 3 docs in ").endsWith(" ms");
	}

	@Test
	void quietWhenShortStillLogsLongWorkAtInfo() {
		ProgressLog progress = new ProgressLog(this.logger, "Adding", "docs", 3, 0).quietWhenShort();
		assertThat(progress.isLong()).isTrue();
		progress.done();
		assertThat(this.events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.INFO);
	}

	@Test
	void formatsDurations() {
		assertThat(ProgressLog.formatSeconds(42.4)).isEqualTo("42 s");
		assertThat(ProgressLog.formatSeconds(185)).isEqualTo("3 min 5 s");
		assertThat(ProgressLog.formatSeconds(7800)).isEqualTo("2 h 10 min");
		assertThat(ProgressLog.formatSeconds(Double.NaN)).isEqualTo("unknown");
	}

}
