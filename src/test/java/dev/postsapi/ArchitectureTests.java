package dev.postsapi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering the style guide asks for, checked on every build. */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.postsapi");

	@Test
	void controllersDoNotTouchRepositories() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAssignableTo(Repository.class)
			.check(CLASSES);
	}

	@Test
	void entitiesDoNotLeaveTheServiceLayer() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(Entity.class)
			.check(CLASSES);
	}

	@Test
	void securityAndWebDoNotReachIntoRepositories() {
		noClasses().that()
			.resideInAnyPackage("..security..", "..web..", "..auth..")
			.should()
			.dependOnClassesThat()
			.areAssignableTo(Repository.class)
			.check(CLASSES);
	}

}
